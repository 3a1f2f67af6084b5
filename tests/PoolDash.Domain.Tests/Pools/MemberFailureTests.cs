using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Heartbeats;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Pools;

/// <summary>The guide: "If no heartbeat has been received for 600 seconds, the master assumes the member is dead."</summary>
public class MemberFailureTests
{
    [Fact]
    public void A_member_silent_for_599_s_is_alive_and_at_600_s_it_is_dead()
    {
        var lab = new LabPool();
        lab.Pool.RecordHeartbeat(LabPool.A);

        lab.Elapse(TimeSpan.FromSeconds(599), null, LabPool.A);
        Assert.NotEqual(Liveness.Dead, lab.Host(LabPool.A).Liveness);

        var events = lab.Elapse(TimeSpan.FromSeconds(1), null, LabPool.A);
        Assert.Equal(Liveness.Dead, lab.Host(LabPool.A).Liveness);
        var verdict = Assert.Single(events.OfType<HostLivenessChanged>(), e => e.To == Liveness.Dead);
        Assert.Equal(LabPool.A, verdict.HostId);
        Assert.Equal(lab.Time.GetUtcNow(), verdict.At);
    }

    [Fact]
    public void Other_hosts_that_keep_reporting_stay_alive()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        Assert.All(lab.Snapshot.Hosts.Where(h => h.Id != LabPool.A), h => Assert.Equal(Liveness.Alive, h.Liveness));
    }

    [Fact]
    public void A_dead_members_VMs_stay_running_and_keep_their_locks_without_HA()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        Assert.Equal(PowerState.Running, lab.Vm(LabPool.Web1).PowerState);
        Assert.Equal(LabPool.A, lab.Vm(LabPool.Web1).ResidentOn);
        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.Web1Disk).AttachKeys[LabPool.A]);
        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.Db1Disk).AttachKeys[LabPool.A]);
    }

    [Fact]
    public void Repair_a_dead_member_and_its_resumed_heartbeat_makes_it_alive_with_its_state_as_recorded()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Performed(new PoolDash.Domain.Recovery.ResetVmPowerState(LabPool.Web1));

        var result = lab.Pool.RecordHeartbeat(LabPool.A);

        Assert.Equal(HeartbeatOutcome.Revived, result.Outcome);
        var revived = Assert.Single(result.Events.OfType<HostLivenessChanged>());
        Assert.Equal((Liveness.Dead, Liveness.Alive), (revived.From, revived.To));
        Assert.Equal(Liveness.Alive, lab.Host(LabPool.A).Liveness);
        Assert.Equal(PowerState.Halted, lab.Vm(LabPool.Web1).PowerState);
        Assert.Equal(PowerState.Running, lab.Vm(LabPool.Db1).PowerState);
        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.Web1Disk).AttachKeys[LabPool.A]);
    }

    [Fact]
    public void A_heartbeat_from_an_alive_host_is_recorded_without_events()
    {
        var lab = new LabPool();
        lab.Time.Advance(TimeSpan.FromSeconds(5));

        var result = lab.Pool.RecordHeartbeat(LabPool.B);

        Assert.Equal(HeartbeatOutcome.Recorded, result.Outcome);
        Assert.Empty(result.Events);
        Assert.Equal(lab.Time.GetUtcNow(), lab.Host(LabPool.B).LastHeartbeat);
    }

    [Fact]
    public void A_heartbeat_from_an_unknown_host_is_refused_with_HOST_UNKNOWN_TO_MASTER()
    {
        var lab = new LabPool();
        var stranger = Guid.NewGuid();

        var result = lab.Pool.RecordHeartbeat(stranger);

        Assert.Equal(HeartbeatOutcome.Refused, result.Outcome);
        LabPool.AssertError(result.Error!, XapiErrorNames.HostUnknownToMaster, stranger.ToString());
    }

    [Fact]
    public void The_verdict_is_reached_at_the_deadline_even_when_the_sweep_runs_late()
    {
        var lab = new LabPool();
        lab.Pool.RecordHeartbeat(LabPool.C);
        lab.Time.Advance(TimeSpan.FromSeconds(900));
        foreach (var host in new[] { LabPool.M, LabPool.A, LabPool.B })
        {
            lab.Pool.RecordHeartbeat(host);
        }

        var sweep = lab.Pool.Sweep();

        Assert.Contains(sweep.Events.OfType<HostLivenessChanged>(), e => e.HostId == LabPool.C && e.To == Liveness.Dead);
        Assert.Equal(Liveness.Alive, lab.Host(LabPool.A).Liveness);
    }

    [Fact]
    public void The_sweep_says_when_the_next_verdict_can_be_due()
    {
        var lab = new LabPool();
        var start = lab.Time.GetUtcNow();

        var sweep = lab.Pool.Sweep();

        Assert.Empty(sweep.Events);
        Assert.Equal(start + TimeSpan.FromSeconds(600), sweep.NextDueAt);
    }
}
