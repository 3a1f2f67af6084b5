namespace PoolDash.Domain.Events;

/// <summary>A former master came back after another host became master and was made a member: the split-brain guard.</summary>
public sealed record HostDemoted(Guid HostId, Guid MasterId) : PoolEvent;
