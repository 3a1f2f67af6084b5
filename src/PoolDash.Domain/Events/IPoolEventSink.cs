namespace PoolDash.Domain.Events;

/// <summary>
/// Where a pool's events go the moment they happen. The pool calls it under its own lock, in sequence order, so no
/// caller can hold a pool's events back or reorder them, whatever becomes of that caller afterwards. It must be
/// quick and must not call back into the pool.
/// </summary>
public interface IPoolEventSink
{
    void Publish(IReadOnlyList<PoolEvent> events);
}
