using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Snapshots;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Descriptions;

public class PoolDescriptionTests
{
    [Fact]
    public void The_lab_description_is_consistent_and_implies_the_running_VMs_locks()
    {
        var lab = new LabPool();

        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.Db1Disk).AttachKeys[LabPool.A]);
        Assert.Equal(AttachMode.RO, lab.Vdi(LabPool.ToolsIso).AttachKeys[LabPool.B]);
        Assert.Empty(lab.Vdi(LabPool.Idle1Disk).AttachKeys);
        Assert.Equal(32768 - 4096 - 8192 - 2048, lab.Host(LabPool.A).MemoryFreeMiB);
    }

    [Fact]
    public void An_inconsistent_description_is_refused_whole_with_every_problem_named()
    {
        var d = LabPool.Description();
        var stranger = Guid.NewGuid();
        var broken = d with
        {
            Hosts = [.. d.Hosts.Select(h => h.Id == LabPool.B ? h with { Role = HostRole.Master } : h)],
            Vms =
            [
                .. d.Vms,
                new VmDescription { Id = Guid.NewGuid(), Name = "ghost", MemoryMiB = 512, PowerState = PowerState.Running, ResidentOn = stranger },
                new VmDescription { Id = LabPool.Web1, Name = "dup", MemoryMiB = 512 },
                new VmDescription { Id = Guid.NewGuid(), Name = "thief", MemoryMiB = 512, PowerState = PowerState.Running, ResidentOn = LabPool.C, Disks = [new Vbd(LabPool.Db1Disk, AttachMode.RW)] },
            ],
        };

        var creation = Pool.Create(broken, TimeProvider.System);

        Assert.Null(creation.Pool);
        var messages = creation.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(messages, m => m.Contains("two masters", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains($"unknown host {stranger}", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains($"duplicate id {LabPool.Web1}", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("db1-disk is attached RW by two hosts", StringComparison.Ordinal));
        Assert.Equal(4, messages.Count);
    }

    [Fact]
    public void A_description_without_a_master_or_with_bad_numbers_is_refused()
    {
        var d = LabPool.Description();
        var broken = d with
        {
            LivenessTimeoutSeconds = 0,
            Hosts = [.. d.Hosts.Select(h => h with { Role = HostRole.Member, MemoryMiB = h.Id == LabPool.C ? -1 : h.MemoryMiB })],
        };

        var problems = PoolDescriptionValidator.Validate(broken).Select(p => p.Path).ToList();

        Assert.Contains("livenessTimeoutSeconds", problems);
        Assert.Contains("hosts", problems);
        Assert.Contains("hosts[3].memoryMiB", problems);
    }

    [Fact]
    public void Describe_then_create_restores_the_same_pool()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);
        lab.Performed(new PoolDash.Domain.Recovery.EmergencyTransitionToMaster(LabPool.A));
        lab.Performed(new PoolDash.Domain.Recovery.ResetVmPowerState(LabPool.Mon1));

        var restored = Pool.Create(lab.Pool.Describe(), lab.Time).Pool!;

        // Which channel each last sign came on is known only since PoolDash started (the store keeps the latest sign).
        var original = lab.Snapshot;
        var copy = restored.Snapshot();
        Assert.Equal(
            ViewComparer<object>.Json(original with { Sequence = 0, Hosts = [.. original.Hosts.Select(SinceStart)] }),
            ViewComparer<object>.Json(copy with { Sequence = 0, Hosts = [.. copy.Hosts.Select(SinceStart)] }));
    }

    [Fact]
    public void Locks_released_while_a_VM_is_still_registered_on_the_dead_host_stay_released_after_describe_then_create()
    {
        // resetvdis before vm-reset-powerstate: XAPI allows it, and the released keys must not come back from the
        // VM that is still registered as running (a restart of PoolDash restores the pool this way).
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Performed(new PoolDash.Domain.Recovery.ResetVdis(LabPool.A, LabPool.Nfs, false));
        Assert.DoesNotContain(LabPool.A, lab.Vdi(LabPool.Web1Disk).AttachKeys.Keys);

        var restored = Pool.Create(lab.Pool.Describe(), lab.Time).Pool!;

        Assert.Equal(PoolDash.Domain.Vms.PowerState.Running, restored.Snapshot().Vms.Single(v => v.Id == LabPool.Web1).PowerState);
        Assert.DoesNotContain(LabPool.A, restored.Snapshot().Vdis.Single(v => v.Id == LabPool.Web1Disk).AttachKeys.Keys);
    }

    private static HostView SinceStart(HostView h) => h with { Phi = 0, VerdictAt = null, LastAgentHeartbeat = null, SeenBy = null };
}
