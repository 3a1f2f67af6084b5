using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Tests.Pools;

/// <summary>XAPI: after the master restarts its heartbeat table is empty, so every host gets a fresh full timeout.</summary>
public class RestartGraceTests
{
    [Fact]
    public void After_a_restart_no_host_is_declared_dead_before_a_full_timeout_has_passed()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(300));
        var exported = lab.Pool.Describe();

        // PoolDash is down for an hour; nobody's heartbeat got through.
        lab.Time.Advance(TimeSpan.FromHours(1));
        var restarted = Pool.Create(exported, lab.Time).Pool!;

        lab.Time.Advance(TimeSpan.FromSeconds(599));
        Assert.Empty(restarted.Sweep().Events);
        Assert.All(restarted.Snapshot().Hosts, h => Assert.Equal(Liveness.Alive, h.Liveness));

        lab.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, restarted.Sweep().Events.OfType<Events.HostLivenessChanged>().Count(e => e.To == Liveness.Dead));
    }

    [Fact]
    public void A_host_that_was_dead_before_the_restart_stays_dead_until_it_reports()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.C);
        var restarted = Pool.Create(lab.Pool.Describe(), lab.Time).Pool!;

        Assert.Equal(Liveness.Dead, restarted.Snapshot().Hosts.Single(h => h.Id == LabPool.C).Liveness);
        restarted.RecordHeartbeat(LabPool.C);
        Assert.Equal(Liveness.Alive, restarted.Snapshot().Hosts.Single(h => h.Id == LabPool.C).Liveness);
    }

    [Fact]
    public void The_last_heartbeat_time_survives_a_restart()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(60));
        var last = lab.Host(LabPool.B).LastHeartbeat;

        var restarted = Pool.Create(lab.Pool.Describe(), lab.Time).Pool!;

        Assert.Equal(last, restarted.Snapshot().Hosts.Single(h => h.Id == LabPool.B).LastHeartbeat);
    }
}
