using System.Collections.Concurrent;
using PoolDash.Domain.Pools;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Monitoring;

/// <summary>
/// The one place where silence becomes Suspect or Dead. It sweeps every pool, then sleeps until the earliest
/// moment a verdict can be due (each pool's sweep says when), so it fires at the deadline without polling hosts
/// that have nothing due. Anything that can bring one pool's deadline forward (the pool created, a host joined or
/// revived) wakes it for that pool alone: a change to one pool costs that pool's sweep, not the fleet's.
/// </summary>
internal sealed class LivenessMonitor : BackgroundService
{
    /// <summary>
    /// A heartbeat only ever moves a Dead deadline later, so Dead verdicts are never late. A Suspect estimate, though,
    /// appears or moves earlier as a host's rhythm is learned, after the monitor chose its sleep: a whole sweep at least
    /// this often bounds how late Suspect can be shown. (A sweep of 10 000 hosts costs ~45 µs.)
    /// </summary>
    public static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(5);

    private readonly PoolRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<LivenessMonitor> _logger;
    private readonly Alarm _alarm;
    private readonly ConcurrentQueue<Guid> _woken = new();

    private readonly Metrics.PoolDashMetrics _metrics;

    public LivenessMonitor(PoolRegistry registry, TimeProvider time, ILogger<LivenessMonitor> logger, Metrics.PoolDashMetrics metrics)
    {
        _metrics = metrics;
        _registry = registry;
        _time = time;
        _logger = logger;
        _alarm = new Alarm(time);
    }

    private long _lastSweptAtTicks;

    /// <summary>The clock's time at the start of the last completed whole sweep; tests wait on it instead of sleeping.</summary>
    public DateTimeOffset LastSweptAt => new(Interlocked.Read(ref _lastSweptAtTicks), TimeSpan.Zero);

    /// <summary>A deadline of this pool may have moved earlier: sweep it (alone) now and re-plan the sleep.</summary>
    public void Wake(Guid poolId)
    {
        // Rung once for many: the queue holds every pool to sweep.
        _woken.Enqueue(poolId);
        _alarm.Ring();
    }

    /// <summary>Sweeps every pool once and says when the next verdict can be due.</summary>
    public DateTimeOffset SweepAll()
    {
        var startedAt = _time.GetUtcNow();
        var next = DateTimeOffset.MaxValue;
        foreach (var pool in _registry.All)
        {
            next = Earlier(next, pool.Sweep().NextDueAt);
        }

        Interlocked.Exchange(ref _lastSweptAtTicks, startedAt.UtcTicks);
        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = DateTimeOffset.MinValue;
        var wholeSweepBy = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                if (now >= next && next != DateTimeOffset.MinValue)
                {
                    _metrics.VerdictLateness(now - next);
                }

                if (now >= next || now >= wholeSweepBy)
                {
                    _woken.Clear();
                    next = SweepAll();
                    wholeSweepBy = now + LongestSleep;
                }
                else
                {
                    next = SweepWoken(next);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug in one sweep must not stop liveness for good: log it and try again shortly.
                _logger.LogError(e, "Liveness sweep failed");
                next = _time.GetUtcNow() + TimeSpan.FromSeconds(1);
                wholeSweepBy = next;
            }

            await _alarm.SleepUntilAsync(next < wholeSweepBy ? next : wholeSweepBy, stoppingToken).ConfigureAwait(false);
        }
    }

    private DateTimeOffset SweepWoken(DateTimeOffset next)
    {
        var swept = new HashSet<Guid>();
        while (_woken.TryDequeue(out var poolId))
        {
            if (swept.Add(poolId) && _registry.Find(poolId) is { } pool)
            {
                next = Earlier(next, pool.Sweep().NextDueAt);
            }
        }

        return next;
    }

    private static DateTimeOffset Earlier(DateTimeOffset next, DateTimeOffset? due) => due is { } at && at < next ? at : next;
}
