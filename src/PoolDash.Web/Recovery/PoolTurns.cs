using System.Collections.Concurrent;

namespace PoolDash.Web.Recovery;

/// <summary>
/// One decision at a time per pool (DESIGN.md: commands are serialized per pool): two people approving, or running,
/// the same step at once get one execution and one clear answer, while a slow write for one pool holds up no other.
/// The persister takes the pool's turn too, so it never stores a step's effect before the step's own transaction
/// stores it with its audit entry.
/// </summary>
internal sealed class PoolTurns
{
    // A pool's semaphore lives as long as the app (it has no wait handle to free); pools are few and long-lived.
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _turns = new();

    /// <summary>Waits for the pool's turn; the caller's token can stop the wait and nothing after it.</summary>
    public async Task<Turn> TakeAsync(Guid poolId, CancellationToken cancellationToken)
    {
        var turn = _turns.GetOrAdd(poolId, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(turn);
    }

    public readonly struct Turn(SemaphoreSlim held) : IDisposable
    {
        public void Dispose() => held.Release();
    }
}
