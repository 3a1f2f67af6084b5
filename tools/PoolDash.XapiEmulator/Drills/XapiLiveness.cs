using PoolDash.XapiEmulator.Api;
using PoolDash.XapiEmulator.Database;

namespace PoolDash.XapiEmulator.Drills;

/// <summary>
/// XAPI's own liveness (xapi-semantics.md §3): without HA the master hears each member's heartbeat; a member it has
/// not heard for the dead interval (600 s by default) gets <c>host_metrics.live = false</c>, and one it hears again gets
/// <c>live = true</c>. Nothing else happens at the timeout: no VM is reset, no lock released. With HA on, a host not
/// heard for HA's timeout is fenced (its VMs reset, its keys cleared, protected VMs restarted elsewhere) and a silent
/// master is replaced by the live member with the lowest UUID (DOMAIN.md's deterministic stand-in for xhad).
/// </summary>
internal sealed class XapiLiveness(EmulatedPool pool, HostConditions conditions, XapiApi api, EmulatorOptions options, TimeProvider time) : BackgroundService
{
    private readonly Lock _gate = new();

    /// <summary>How often the master looks: XAPI checks every 30 s; the emulator more often, so short drill
    /// intervals are kept to within a small fraction.</summary>
    private TimeSpan Period
    {
        get
        {
            var shortest = options.HaTimeout < options.DeadInterval ? options.HaTimeout : options.DeadInterval;
            return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        }
    }

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

    /// <summary>One look by the master at every other host (and, with HA, by the members at the master).</summary>
    public void Check()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var ha = pool.Database.Record(XapiClasses.Pool, pool.PoolRef)["ha_enabled"] is true;
            var interval = ha ? options.HaTimeout : options.DeadInterval;
            var master = pool.MasterRef;
            if (ha)
            {
                ReplaceSilentMaster(master, now, interval);
                master = pool.MasterRef;
            }

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
                else if (live && now - conditions.LastHeard(hostRef, now) >= interval)
                {
                    // Fenced before it is shown dead: whoever sees live=false sees the fence's effects too.
                    if (ha)
                    {
                        api.Fence(hostRef);
                    }

                    SetLive(metrics, false, now);
                }
            }
        }
    }

    /// <summary>With HA, the survivors' view of the master: not heard for HA's timeout, it is fenced and the live
    /// member with the lowest UUID takes over, every reachable member following it.</summary>
    private void ReplaceSilentMaster(string master, DateTimeOffset now, TimeSpan timeout)
    {
        if (conditions.HeardByMaster(master))
        {
            conditions.Heard(master, now);
            return;
        }

        if (now - conditions.LastHeard(master, now) < timeout)
        {
            return;
        }

        var survivor = pool.Database.Refs(XapiClasses.Host)
            .Where(h => h != master && conditions.HeardByMaster(h))
            .OrderBy(h => (string)pool.Database.Record(XapiClasses.Host, h)["uuid"]!, StringComparer.Ordinal)
            .FirstOrDefault();
        if (survivor is null)
        {
            return;
        }

        pool.Promote(survivor);
        foreach (var member in pool.Database.Refs(XapiClasses.Host).Where(h => h != survivor && h != master && conditions.HeardByMaster(h)))
        {
            pool.Follow(member, survivor);
        }

        api.Fence(master);
        SetLive((string)pool.Database.Record(XapiClasses.Host, master)["metrics"]!, false, now);
    }

    private void SetLive(string metrics, bool live, DateTimeOffset now) =>
        pool.Database.Modify(XapiClasses.HostMetrics, metrics, r =>
        {
            r["live"] = live;
            r["last_updated"] = now;
        });
}
