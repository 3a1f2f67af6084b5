using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Pools;

/// <summary>A connected pool follows what the pool reports: each difference is applied with the event it would have
/// had here; what is already so changes nothing.</summary>
public sealed class ReconciliationTests
{
    [Fact]
    public void The_pool_as_it_already_is_changes_nothing()
    {
        var lab = new LabPool();

        Assert.Empty(lab.Pool.Reconcile(lab.Pool.Describe()));
    }

    [Fact]
    public void A_VM_halted_and_its_locks_released_on_the_pool_are_halted_and_released_here_with_their_events()
    {
        var lab = new LabPool();
        var observed = lab.Pool.Describe();
        observed = observed with
        {
            Vms = [.. observed.Vms.Select(v => v.Id == LabPool.Web1 ? v with { PowerState = PowerState.Halted, ResidentOn = null } : v)],
            Vdis = [.. observed.Vdis.Select(v => v.Id == LabPool.Web1Disk ? v with { AttachKeys = new Dictionary<Guid, AttachMode>() } : v)],
        };

        var events = lab.Pool.Reconcile(observed);

        var halted = Assert.Single(events.OfType<VmPowerStateChanged>());
        Assert.Equal((LabPool.Web1, PowerState.Running, PowerState.Halted, "reported by the pool"), (halted.VmId, halted.From, halted.To, halted.Reason));
        Assert.Empty(Assert.Single(events.OfType<VdiLocksChanged>()).AttachKeys);
        Assert.Equal(PowerState.Halted, lab.Vm(LabPool.Web1).PowerState);
        Assert.Empty(lab.Vdi(LabPool.Web1Disk).AttachKeys);
        Assert.Empty(lab.Pool.Reconcile(observed));
    }

    [Fact]
    public void A_VM_the_pool_resets_off_a_dead_host_is_one_the_recovery_plan_starts_elsewhere()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Attest(LabPool.A);
        var observed = lab.Pool.Describe();
        observed = observed with
        {
            Vms = [.. observed.Vms.Select(v => v.Id == LabPool.Web1 ? v with { PowerState = PowerState.Halted, ResidentOn = null } : v)],
        };

        lab.Pool.Reconcile(observed);

        Assert.Equal(LabPool.A, lab.Vm(LabPool.Web1).DisplacedFrom);
        var starts = lab.Pool.PlanRecovery(LabPool.A).Steps.Single(s => s.Kind == PoolDash.Domain.Recovery.RecoveryStepKind.StartVms).Actions;
        Assert.Contains(starts, a => a.Command is PoolDash.Domain.Recovery.StartVm { VmId: var vm } && vm == LabPool.Web1);
    }

    [Fact]
    public void Hosts_joined_and_forgotten_a_new_master_and_HA_on_the_pool_come_with_their_events()
    {
        var lab = new LabPool();
        var joined = Guid.NewGuid();
        var observed = lab.Pool.Describe();
        observed = observed with
        {
            MasterId = LabPool.B,
            HaEnabled = true,
            Hosts = [.. observed.Hosts.Where(h => h.Id != LabPool.C),
                new HostDescription { Id = joined, Name = "xs-new", Address = "10.0.0.9", MemoryMiB = 32768 }],
            Vms = [.. observed.Vms.Where(v => v.ResidentOn != LabPool.C)],
        };

        var events = lab.Pool.Reconcile(observed);

        Assert.Equal(joined, Assert.Single(events.OfType<HostJoined>()).HostId);
        Assert.Equal(LabPool.C, Assert.Single(events.OfType<HostForgotten>()).HostId);
        Assert.Equal((LabPool.M, LabPool.B), (Assert.Single(events.OfType<MasterChanged>()).OldMasterId, events.OfType<MasterChanged>().Single().NewMasterId));
        Assert.True(Assert.Single(events.OfType<HaStateChanged>()).Enabled);
        Assert.Equal(LabPool.B, lab.Snapshot.MasterId);
        Assert.Contains(LabPool.C, lab.Snapshot.ForgottenHostIds);
        Assert.Contains(lab.Snapshot.Hosts, h => h.Id == joined);
    }
}
