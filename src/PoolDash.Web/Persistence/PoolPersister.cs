using PoolDash.Web.Audit;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Persistence;

/// <summary>
/// Keeps the store in step with the pools: every event marks its pool for saving (a burst of events is one save),
/// and last-heartbeat times, which change without events, are flushed in batches and once more at shutdown.
/// </summary>
internal sealed class PoolPersister(
    PoolEventStream stream,
    PoolRegistry registry,
    PoolStore store,
    PoolTurns turns,
    TimeProvider time,
    ILogger<PoolPersister> logger) : BackgroundService
{
    public static readonly TimeSpan HeartbeatFlushInterval = TimeSpan.FromSeconds(10);

    private readonly PoolEventStream.Subscription _subscription = stream.Subscribe();
    private readonly Dictionary<Guid, DateTimeOffset> _flushed = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(SaveChangedPoolsAsync(stoppingToken), FlushHeartbeatsPeriodicallyAsync(stoppingToken)).ConfigureAwait(false);
    }

    /// <summary>A save in flight when stopping is cancelled, so every pool is saved whole once more on the way out.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var pool in registry.All)
            {
                using var turn = await turns.TakeAsync(pool.Id, cancellationToken).ConfigureAwait(false);
                await store.SaveAsync(pool, cancellationToken).ConfigureAwait(false);
            }

            await FlushHeartbeatsAsync(cancellationToken).ConfigureAwait(false);
            await store.WriteUnwrittenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting (a second stop signal, or its shutdown timeout). Operators' steps were stored
            // before they were acknowledged; what is lost is at most the last heartbeat times and unsaved verdicts,
            // which a restart recomputes with a fresh timeout for every host.
            logger.LogWarning("Stopping was cut short before the final save; the last heartbeat times may be older after a restart");
        }
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }

    private async Task SaveChangedPoolsAsync(CancellationToken stoppingToken)
    {
        var reader = _subscription.Reader;
        var dirty = new Dictionary<Guid, (long Through, List<AuditDraft> Audit)>();
        while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var e))
            {
                var (through, audit) = dirty.GetValueOrDefault(e.PoolId, (0, []));
                if (AuditDrafts.Automatic(e) is { } entry)
                {
                    audit.Add(entry);
                }

                dirty[e.PoolId] = (Math.Max(through, e.Sequence), audit);
            }

            foreach (var (poolId, (through, audit)) in dirty)
            {
                if (registry.Find(poolId) is { } pool)
                {
                    // An operator's step in flight holds the pool's turn until it has stored its effect with its
                    // audit entry; the pool is saved after it, never before.
                    using var turn = await turns.TakeAsync(poolId, stoppingToken).ConfigureAwait(false);
                    // That step was saved before it was acknowledged: writing it again would be the same rows.
                    if (audit.Count == 0 && store.IsSavedThrough(poolId, through))
                    {
                        continue;
                    }

                    try
                    {
                        // What PoolDash decided itself (a verdict, an election) is stored with its audit entries.
                        await store.SaveAsync(pool, stoppingToken, audit).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The in-memory pool stays right; the next change of this pool saves it whole again.
                        logger.LogError(ex, "Could not save pool {PoolId}", poolId);
                    }
                }
            }

            dirty.Clear();
        }
    }

    private async Task FlushHeartbeatsPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(HeartbeatFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushHeartbeatsAsync(stoppingToken).ConfigureAwait(false);
                await WriteUnwrittenAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync flushes one last time.
        }
    }

    /// <summary>Audit entries a failed write kept: tried again every flush until the store takes them.</summary>
    private async Task WriteUnwrittenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteUnwrittenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not write the audit entries kept from a failed write; will try again");
        }
    }

    /// <summary>Writes the last-heartbeat times that moved since the previous flush.</summary>
    public async Task FlushHeartbeatsAsync(CancellationToken cancellationToken)
    {
        var changed = new List<(Guid PoolId, Guid HostId, DateTimeOffset At)>();
        lock (_flushed)
        {
            foreach (var pool in registry.All)
            {
                foreach (var (hostId, at) in pool.LastHeartbeats())
                {
                    if (!_flushed.TryGetValue(hostId, out var was) || was != at)
                    {
                        changed.Add((pool.Id, hostId, at));
                        _flushed[hostId] = at;
                    }
                }
            }
        }

        try
        {
            await store.SaveLastHeartbeatsAsync(changed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not flush {Count} last-heartbeat times", changed.Count);
            lock (_flushed)
            {
                foreach (var (_, hostId, _) in changed)
                {
                    _flushed.Remove(hostId);
                }
            }
        }
    }
}
