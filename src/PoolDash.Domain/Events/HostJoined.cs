namespace PoolDash.Domain.Events;

public sealed record HostJoined(Guid HostId, string Name) : PoolEvent;
