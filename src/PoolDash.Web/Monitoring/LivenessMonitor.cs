using PoolDash.Domain.Pools;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Monitoring;

/// <summary>
/// The one place where silence becomes Suspect or Dead. It sweeps every pool, then sleeps until the earliest
/// moment a verdict can be due (each pool's sweep says when), so it fires at the deadline without polling hosts
/// that have nothing due. Anything that can bring a deadline forward (a pool created, a host joined or revived)
/// wakes it.
/// </summary>
internal sealed class LivenessMonitor : BackgroundService
{
    /// <summary>
    /// A heartbeat only ever moves a Dead deadline later, so Dead verdicts are never late. A Suspect estimate, though,
    /// appears or moves earlier as a host's rhythm is learned, after the monitor chose its sleep: never sleeping longer
    /// than this bounds how late Suspect can be shown. (A sweep of 10 000 hosts costs ~30 µs.)
    /// </summary>
    public static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(5);

    private readonly PoolRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<LivenessMonitor> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public LivenessMonitor(PoolRegistry registry, TimeProvider time, ILogger<LivenessMonitor> logger)
    {
        _registry = registry;
        _time = time;
        _logger = logger;
    }

    private long _lastSweptAtTicks;

    /// <summary>The clock's time at the start of the last completed sweep; tests wait on it instead of sleeping.</summary>
    public DateTimeOffset LastSweptAt => new(Interlocked.Read(ref _lastSweptAtTicks), TimeSpan.Zero);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one pending wake-up is enough.
        }
    }

    /// <summary>Sweeps every pool once and says when the next verdict can be due.</summary>
    public DateTimeOffset SweepAll()
    {
        var startedAt = _time.GetUtcNow();
        var next = DateTimeOffset.MaxValue;
        foreach (var pool in _registry.All)
        {
            var result = pool.Sweep();
            if (result.NextDueAt is { } due && due < next)
            {
                next = due;
            }
        }

        Interlocked.Exchange(ref _lastSweptAtTicks, startedAt.UtcTicks);
        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset next;
            try
            {
                next = SweepAll();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug in one sweep must not stop liveness for good: log it and try again shortly.
                _logger.LogError(e, "Liveness sweep failed");
                next = _time.GetUtcNow() + TimeSpan.FromSeconds(1);
            }

            await SleepUntilAsync(next, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task SleepUntilAsync(DateTimeOffset next, CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var wait = next == DateTimeOffset.MaxValue ? LongestSleep : next - now;
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sleep = Task.Delay(wait < LongestSleep ? wait : LongestSleep, _time, woken.Token);
        // The clock may have moved while the timer was being set up (a test's fake clock can): look again.
        if (_time.GetUtcNow() >= next)
        {
            await woken.CancelAsync().ConfigureAwait(false);
            return;
        }

        var wake = _wake.WaitAsync(woken.Token);
        await Task.WhenAny(sleep, wake).ConfigureAwait(false);
        await woken.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }
}
