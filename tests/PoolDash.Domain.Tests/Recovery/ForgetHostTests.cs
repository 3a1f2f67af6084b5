using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Heartbeats;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Recovery;

/// <summary>The guide: shut the host down and "instruct the master to forget about the member node using the xe
/// host-forget CLI command"; XAPI's Host.destroy refuses while the host is live, while HA is on, while user VMs are
/// still resident — in that order.</summary>
public class ForgetHostTests
{
    [Fact]
    public void Forget_is_refused_while_the_host_is_live()
    {
        var lab = new LabPool();

        LabPool.AssertError(lab.Refused(new ForgetHost(LabPool.C)), XapiErrorNames.HostIsLive, LabPool.C.ToString());
        Assert.Equal(Liveness.Alive, lab.Host(LabPool.C).Liveness);
    }

    [Fact]
    public void Forgetting_the_master_is_HOST_IS_LIVE()
    {
        var lab = new LabPool();

        var error = lab.Refused(new ForgetHost(LabPool.M));

        LabPool.AssertError(error, XapiErrorNames.HostIsLive, LabPool.M.ToString());
        Assert.Contains("master", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forget_is_refused_while_HA_is_enabled()
    {
        var lab = new LabPool();
        lab.Performed(new EnableHa(LabPool.PoolId));
        lab.Performed(new ShutdownVm(LabPool.App1));
        lab.Pool.Execute(new DeclareHostDead(LabPool.B), LabPool.Operator);
        lab.Elapse(TimeSpan.FromSeconds(60), null, LabPool.B);

        var error = lab.Refused(new ForgetHost(LabPool.B));

        LabPool.AssertError(error, XapiErrorNames.HaIsEnabled);
        Assert.Contains("Disable HA first", error.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public void Forget_is_refused_while_VMs_are_resident_and_says_to_reset_them_first()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        var error = lab.Refused(new ForgetHost(LabPool.A));

        LabPool.AssertError(error, XapiErrorNames.HostHasResidentVms, LabPool.A.ToString());
        Assert.Contains("vm-reset-powerstate", error.NextStep, StringComparison.Ordinal);
        Assert.Equal(Liveness.Dead, lab.Host(LabPool.A).Liveness);
    }

    [Fact]
    public void Liveness_is_checked_before_HA_and_HA_before_resident_VMs()
    {
        var lab = new LabPool();
        lab.Performed(new EnableHa(LabPool.PoolId));

        Assert.Equal(XapiErrorNames.HostIsLive, lab.Refused(new ForgetHost(LabPool.A)).Name);
    }

    [Fact]
    public void After_reset_powerstate_the_dead_host_is_forgotten_with_its_locks_and_local_storage()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        foreach (var vm in new[] { LabPool.Web1, LabPool.Db1, LabPool.Batch1 })
        {
            lab.Performed(new ResetVmPowerState(vm));
        }

        var result = lab.Performed(new ForgetHost(LabPool.A));

        var snapshot = lab.Snapshot;
        Assert.DoesNotContain(snapshot.Hosts, h => h.Id == LabPool.A);
        Assert.Contains(LabPool.A, snapshot.ForgottenHostIds);
        Assert.DoesNotContain(snapshot.Srs, s => s.Id == LabPool.LocalA);
        Assert.DoesNotContain(snapshot.Vdis, v => v.Id == LabPool.Batch1Disk);
        Assert.Empty(lab.Vm(LabPool.Batch1).Disks);
        Assert.All(snapshot.Vdis, v => Assert.False(v.AttachKeys.ContainsKey(LabPool.A)));
        Assert.Contains(result.Events.OfType<HostLivenessChanged>(), e => e.HostId == LabPool.A && e.To == Liveness.Forgotten);
        Assert.Equal([LabPool.LocalA], Assert.Single(result.Events.OfType<HostForgotten>()).RemovedSrIds);
    }

    [Fact]
    public void A_forgotten_hosts_heartbeats_get_HOST_UNKNOWN_TO_MASTER_and_change_nothing()
    {
        var lab = ForgottenC();
        var before = ViewComparer<object>.Json(lab.Snapshot with { Sequence = 0 });

        var result = lab.Pool.RecordHeartbeat(LabPool.C);

        Assert.Equal(HeartbeatOutcome.Refused, result.Outcome);
        LabPool.AssertError(result.Error!, XapiErrorNames.HostUnknownToMaster, LabPool.C.ToString());
        Assert.Equal(before, ViewComparer<object>.Json(lab.Snapshot with { Sequence = 0 }));
    }

    [Fact]
    public void A_forgotten_id_can_never_join_again_but_a_freshly_installed_host_with_a_new_id_can()
    {
        var lab = ForgottenC();

        var error = lab.Refused(new JoinHost(LabPool.C, "xs-c", "10.0.0.4", 16384));
        LabPool.AssertError(error, XapiErrorNames.JoiningHostWasForgotten, LabPool.C.ToString());
        Assert.Contains("fresh installation", error.NextStep, StringComparison.Ordinal);

        var reinstalled = Guid.NewGuid();
        lab.Performed(new JoinHost(reinstalled, "xs-c", "10.0.0.4", 16384));
        Assert.Equal(HostRole.Member, lab.Host(reinstalled).Role);
        Assert.Equal(HeartbeatOutcome.Recorded, lab.Pool.RecordHeartbeat(reinstalled).Outcome);
    }

    [Fact]
    public void Joining_with_the_id_of_a_host_in_the_pool_is_refused()
    {
        var lab = new LabPool();

        LabPool.AssertError(lab.Refused(new JoinHost(LabPool.B, "dup", "", 1024)), XapiErrorNames.JoiningHostAlreadyInPool, LabPool.B.ToString());
    }

    [Fact]
    public void A_joined_host_gets_a_full_timeout_and_dies_if_it_never_reports()
    {
        var lab = new LabPool();
        var fresh = Guid.NewGuid();
        lab.Performed(new JoinHost(fresh, "xs-d", "10.0.0.5", 16384));

        lab.Elapse(TimeSpan.FromSeconds(599), null, fresh);
        Assert.Equal(Liveness.Alive, lab.Host(fresh).Liveness);
        lab.Elapse(TimeSpan.FromSeconds(1), null, fresh);
        Assert.Equal(Liveness.Dead, lab.Host(fresh).Liveness);
    }

    private static LabPool ForgottenC()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.C);
        lab.Performed(new ForgetHost(LabPool.C));
        return lab;
    }
}
