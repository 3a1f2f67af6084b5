namespace PoolDash.Domain.Events;

/// <summary>Something that happened to a pool. <see cref="Sequence"/> increases by one per event of a pool, so a
/// listener that sees a gap knows it missed something.</summary>
public abstract record PoolEvent
{
    public Guid PoolId { get; init; }

    public long Sequence { get; init; }

    public DateTimeOffset At { get; init; }
}
