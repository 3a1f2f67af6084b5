using PoolDash.XapiEmulator.Database;

namespace PoolDash.XapiEmulator.Drills;

/// <summary>
/// XAPI's own liveness without HA (xapi-semantics.md §3): the master hears each member's heartbeat; a member it has
/// not heard for the dead interval (600 s by default) gets <c>host_metrics.live = false</c>, and one it hears again
/// gets <c>live = true</c>. Nothing else happens at the timeout: no VM is reset, no lock released.
/// </summary>
internal sealed class XapiLiveness(EmulatedPool pool, HostConditions conditions, EmulatorOptions options, TimeProvider time) : BackgroundService
{
    /// <summary>How often the master looks: XAPI checks every 30 s; the emulator more often, so short drill
    /// intervals are kept to within a small fraction.</summary>
    private TimeSpan Period => TimeSpan.FromTicks(Math.Clamp(options.DeadInterval.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        Check();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One look by the master at every other host.</summary>
    public void Check()
    {
        var now = time.GetUtcNow();
        var master = pool.MasterRef;
        foreach (var hostRef in pool.Database.Refs(XapiClasses.Host).Where(h => h != master))
        {
            if (pool.Database.TryRecord(XapiClasses.Host, hostRef)?["metrics"] is not string metrics)
            {
                continue;
            }

            var live = pool.Database.TryRecord(XapiClasses.HostMetrics, metrics)?["live"] is true;
            // A member left following an old master heartbeats that one, not this.
            if (conditions.HeardByMaster(hostRef) && pool.MasterOf(hostRef) == master)
            {
                conditions.Heard(hostRef, now);
                if (!live)
                {
                    SetLive(metrics, true, now);
                }
            }
            else if (live && now - conditions.LastHeard(hostRef, now) >= options.DeadInterval)
            {
                SetLive(metrics, false, now);
            }
        }
    }

    private void SetLive(string metrics, bool live, DateTimeOffset now) =>
        pool.Database.Modify(XapiClasses.HostMetrics, metrics, r =>
        {
            r["live"] = live;
            r["last_updated"] = now;
        });
}
