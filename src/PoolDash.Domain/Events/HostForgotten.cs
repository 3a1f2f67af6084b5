namespace PoolDash.Domain.Events;

/// <summary>The host is gone for good, with the local SRs (and their VDIs) that went with it.</summary>
public sealed record HostForgotten(Guid HostId, IReadOnlyList<Guid> RemovedSrIds) : PoolEvent;
