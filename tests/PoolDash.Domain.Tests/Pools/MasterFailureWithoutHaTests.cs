using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Pools;

/// <summary>The guide: "If HA is not enabled, each member will wait for the master to return" — or an operator runs
/// pool-emergency-transition-to-master on one member and pool-recover-slaves on it.</summary>
public class MasterFailureWithoutHaTests
{
    [Fact]
    public void When_the_master_dies_the_members_wait_and_nothing_is_elected()
    {
        var lab = new LabPool();

        var events = lab.Kill(LabPool.M);

        var snapshot = lab.Snapshot;
        Assert.False(snapshot.MasterIsLive);
        Assert.Equal(LabPool.M, snapshot.MasterId);
        Assert.DoesNotContain(events, e => e is MasterChanged);
        Assert.Equal([LabPool.A, LabPool.B, LabPool.C], snapshot.WaitingMembers.Select(h => h.Id).Order());
    }

    [Fact]
    public void While_the_master_is_dead_the_pool_cannot_be_managed_except_by_the_emergency_calls()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);

        var error = lab.Refused(new StartVm(LabPool.Idle1, LabPool.B));

        LabPool.AssertError(error, XapiErrorNames.HostOffline, LabPool.M.ToString());
        Assert.Contains("pool-emergency-transition-to-master", error.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_master_comes_back_operation_returns_to_normal()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);

        lab.Pool.RecordHeartbeat(LabPool.M);

        var snapshot = lab.Snapshot;
        Assert.True(snapshot.MasterIsLive);
        Assert.Empty(snapshot.WaitingMembers);
        Assert.Equal(HostRole.Master, lab.Host(LabPool.M).Role);
        lab.Performed(new StartVm(LabPool.Idle1, LabPool.B));
    }

    [Fact]
    public void Emergency_transition_is_refused_while_the_old_master_is_live()
    {
        var lab = new LabPool();

        LabPool.AssertError(lab.Refused(new EmergencyTransitionToMaster(LabPool.A)), XapiErrorNames.HostIsLive, LabPool.M.ToString());
    }

    [Fact]
    public void Emergency_transition_is_refused_while_HA_is_enabled()
    {
        var lab = new LabPool();
        lab.Performed(new EnableHa(LabPool.PoolId));

        Assert.Equal(XapiErrorNames.HaIsEnabled, lab.Refused(new EmergencyTransitionToMaster(LabPool.A)).Name);
    }

    [Fact]
    public void Emergency_transition_needs_a_live_member()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(600), null, LabPool.M, LabPool.C);

        LabPool.AssertError(lab.Refused(new EmergencyTransitionToMaster(LabPool.C)), XapiErrorNames.HostOffline, LabPool.C.ToString());
    }

    [Fact]
    public void Transition_then_recover_slaves_points_only_the_reachable_members_at_the_new_master()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(600), null, LabPool.M, LabPool.C);

        var transition = lab.Performed(new EmergencyTransitionToMaster(LabPool.B));
        var changed = Assert.Single(transition.Events.OfType<MasterChanged>());
        Assert.Equal((LabPool.M, LabPool.B, "emergency-transition"), (changed.OldMasterId, changed.NewMasterId, changed.Reason));
        Assert.Equal([LabPool.A], lab.Snapshot.WaitingMembers.Select(h => h.Id));

        var recover = lab.Performed(new RecoverSlaves(LabPool.B));

        var recovered = Assert.Single(recover.Events.OfType<MembersRecovered>());
        Assert.Equal([LabPool.A], recovered.Recovered);
        Assert.Equal(new[] { LabPool.C, LabPool.M }.Order(), recovered.StillWaiting.Order());
        Assert.Empty(lab.Snapshot.WaitingMembers);
        Assert.Equal(LabPool.B, lab.Host(LabPool.A).Following);
        Assert.Equal(LabPool.M, lab.Host(LabPool.C).Following);
    }

    [Fact]
    public void Recover_slaves_on_a_member_is_HOST_IS_SLAVE()
    {
        var lab = new LabPool();

        LabPool.AssertError(lab.Refused(new RecoverSlaves(LabPool.A)), XapiErrorNames.HostIsSlave, "10.0.0.1");
    }

    [Fact]
    public void The_old_master_returning_after_a_transition_is_demoted_and_never_master_again()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);
        lab.Performed(new EmergencyTransitionToMaster(LabPool.A));
        lab.Performed(new RecoverSlaves(LabPool.A));

        var result = lab.Pool.RecordHeartbeat(LabPool.M);

        var demoted = Assert.Single(result.Events.OfType<HostDemoted>());
        Assert.Equal((LabPool.M, LabPool.A), (demoted.HostId, demoted.MasterId));
        var snapshot = lab.Snapshot;
        Assert.Equal(LabPool.A, snapshot.MasterId);
        Assert.Single(snapshot.Hosts, h => h.Role == HostRole.Master);
        Assert.Equal(HostRole.Member, lab.Host(LabPool.M).Role);
        Assert.Equal(LabPool.A, lab.Host(LabPool.M).Following);
    }

    [Fact]
    public void The_old_masters_VMs_are_recovered_as_in_a_member_failure()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);
        lab.Performed(new EmergencyTransitionToMaster(LabPool.A));
        Assert.Equal(PowerState.Running, lab.Vm(LabPool.Mon1).PowerState);

        lab.Performed(new ResetVmPowerState(LabPool.Mon1));
        lab.Performed(new ResetVdis(LabPool.M, LabPool.Nfs, Master: true));
        lab.Performed(new StartVm(LabPool.Mon1, LabPool.B));
        lab.Performed(new ForgetHost(LabPool.M));

        Assert.DoesNotContain(lab.Snapshot.Hosts, h => h.Id == LabPool.M);
    }

    [Fact]
    public void After_a_transition_a_default_SR_local_to_the_dead_master_is_flagged_invalid()
    {
        var lab = new LabPool(d => d with { DefaultSrId = LabPool.LocalM });
        Assert.True(lab.Snapshot.DefaultSrValid);

        lab.Kill(LabPool.M);
        lab.Performed(new EmergencyTransitionToMaster(LabPool.A));

        Assert.False(lab.Snapshot.DefaultSrValid);
    }
}
