namespace PoolDash.Domain.Events;

public sealed record HaStateChanged(bool Enabled) : PoolEvent;
