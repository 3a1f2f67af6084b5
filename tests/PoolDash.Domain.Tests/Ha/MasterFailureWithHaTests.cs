using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Ha;

/// <summary>The guide: "If HA is enabled, another master is elected automatically." Ours: deterministically the live
/// member with the lowest UUID; the dead host is fenced and protected VMs restart by priority, memory permitting.</summary>
public class MasterFailureWithHaTests
{
    private static LabPool HaPool(Func<PoolDash.Domain.Descriptions.PoolDescription, PoolDash.Domain.Descriptions.PoolDescription>? adjust = null)
    {
        var lab = new LabPool(adjust);
        lab.Performed(new EnableHa(LabPool.PoolId));
        return lab;
    }

    [Fact]
    public void With_HA_the_live_member_with_the_lowest_UUID_is_elected_master_after_HAs_timeout()
    {
        var lab = HaPool();
        lab.Elapse(TimeSpan.FromSeconds(59), null, LabPool.M);
        Assert.True(lab.Snapshot.MasterIsLive);

        var events = lab.Elapse(TimeSpan.FromSeconds(1), null, LabPool.M);

        var election = Assert.Single(events.OfType<MasterChanged>());
        Assert.Equal((LabPool.M, LabPool.A, "ha-election"), (election.OldMasterId, election.NewMasterId, election.Reason));
        var snapshot = lab.Snapshot;
        Assert.True(snapshot.MasterIsLive);
        Assert.Empty(snapshot.WaitingMembers);
    }

    [Fact]
    public void A_pool_followed_through_XAPI_leaves_the_election_and_the_fencing_to_the_pool_itself()
    {
        var lab = HaPool();
        lab.Pool.FollowRealPool();

        var events = lab.Elapse(TimeSpan.FromSeconds(60), null, LabPool.M);

        Assert.Equal(Liveness.Dead, lab.Host(LabPool.M).Liveness);
        Assert.Empty(events.OfType<MasterChanged>());
        Assert.Equal(LabPool.M, lab.Snapshot.MasterId);
        Assert.DoesNotContain(events, e => e is VmPowerStateChanged or VdiLocksChanged);
    }

    [Fact]
    public void The_dead_master_is_fenced_and_its_protected_VM_restarts_elsewhere()
    {
        var lab = HaPool();

        lab.Elapse(TimeSpan.FromSeconds(60), null, LabPool.M);

        var mon1 = lab.Vm(LabPool.Mon1);
        Assert.Equal(PowerState.Running, mon1.PowerState);
        Assert.NotEqual(LabPool.M, mon1.ResidentOn);
        Assert.False(lab.Vdi(LabPool.Mon1Disk).AttachKeys.ContainsKey(LabPool.M));
        Assert.Null(lab.Vdi(LabPool.Mon1Disk).PausedBy);
    }

    [Fact]
    public void A_dead_members_VMs_restart_by_priority_restart_before_best_effort_and_unprotected_ones_stay_halted()
    {
        var lab = HaPool();

        var events = lab.Elapse(TimeSpan.FromSeconds(60), null, LabPool.A);

        var restarts = events.OfType<VmPowerStateChanged>().Where(e => e.Reason == "restarted by HA").Select(e => e.VmId).ToList();
        Assert.Equal([LabPool.Db1, LabPool.Web1], restarts);
        Assert.Equal(PowerState.Halted, lab.Vm(LabPool.Batch1).PowerState);
        Assert.All(lab.Snapshot.Vdis, v => Assert.False(v.AttachKeys.ContainsKey(LabPool.A)));
    }

    [Fact]
    public void Restarts_go_to_the_host_with_the_most_free_memory()
    {
        var lab = HaPool(d => d with
        {
            Vms = [.. d.Vms.Select(v => v.Id == LabPool.Db1 ? v with { MemoryMiB = 30000 } : v)],
            Hosts = [.. d.Hosts.Select(h => h.Id == LabPool.A ? h with { MemoryMiB = 65536 } : h)],
        });

        lab.Elapse(TimeSpan.FromSeconds(60), null, LabPool.A);

        // M has 64 512 MiB free, B 28 672, C 16 384: db1 (30 000) can only go to M, and web1 still finds M the freest.
        Assert.Equal(LabPool.M, lab.Vm(LabPool.Db1).ResidentOn);
        Assert.Equal(LabPool.M, lab.Vm(LabPool.Web1).ResidentOn);
    }

    [Fact]
    public void A_protected_VM_that_fits_nowhere_stays_halted_and_the_failure_is_reported()
    {
        var lab = HaPool(d => d with
        {
            Vms = [.. d.Vms.Select(v => v.Id == LabPool.Db1 ? v with { MemoryMiB = 70000 } : v)],
            Hosts = [.. d.Hosts.Select(h => h.Id == LabPool.A ? h with { MemoryMiB = 131072 } : h)],
        });

        var events = lab.Elapse(TimeSpan.FromSeconds(60), null, LabPool.A);

        Assert.Equal(LabPool.Db1, Assert.Single(events.OfType<HaRestartFailed>()).VmId);
        Assert.Equal(PowerState.Halted, lab.Vm(LabPool.Db1).PowerState);
        Assert.Equal(PowerState.Running, lab.Vm(LabPool.Web1).PowerState);
    }

    [Fact]
    public void HA_needs_every_host_live_and_a_shared_SR()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.C);
        LabPool.AssertError(lab.Refused(new EnableHa(LabPool.PoolId)), XapiErrorNames.HostOffline, LabPool.C.ToString());

        var noShared = new LabPool(d => d with
        {
            Srs = [.. d.Srs.Where(s => !s.Shared)],
            Vdis = [.. d.Vdis.Where(v => v.SrId != LabPool.Nfs)],
            Vms = [.. d.Vms.Select(v => v with { Disks = [.. v.Disks.Where(x => x.VdiId == LabPool.Batch1Disk)] })],
            DefaultSrId = null,
        });
        Assert.Equal(XapiErrorNames.CannotCreateStateFile, noShared.Refused(new EnableHa(LabPool.PoolId)).Name);
    }

    [Fact]
    public void Enabling_HA_twice_is_HA_IS_ENABLED_and_disabling_it_when_off_is_HA_NOT_ENABLED()
    {
        var lab = new LabPool();
        Assert.Equal(XapiErrorNames.HaNotEnabled, lab.Refused(new DisableHa(LabPool.PoolId)).Name);

        lab.Performed(new EnableHa(LabPool.PoolId), "bob");
        lab.Performed(new DisableHa(LabPool.PoolId));

        Assert.False(lab.Snapshot.HaEnabled);
    }

    [Fact]
    public void With_HA_liveness_follows_HAs_timeout()
    {
        var lab = HaPool();

        lab.Elapse(TimeSpan.FromSeconds(60), null, LabPool.C);

        Assert.Equal(Liveness.Dead, lab.Host(LabPool.C).Liveness);
    }
}
