using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Recovery;

/// <summary>The guide: "If you attempt to start a VM on another XenServer host before running the script above, then
/// you will receive the following error message: VDI &lt;UUID&gt; already attached RW."</summary>
public class StartingVmsOfADeadMemberTests
{
    [Fact]
    public void Starting_its_VM_elsewhere_before_resetvdis_fails_with_the_exact_RW_message()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Performed(new ResetVmPowerState(LabPool.Db1));

        var error = lab.Refused(new StartVm(LabPool.Db1, LabPool.B));

        LabPool.AssertError(error, XapiErrorNames.SrBackendFailure46, "", $"The VDI is not available [opterr=VDI {LabPool.Db1Disk} already attached RW]", "");
        Assert.Contains($"VDI {LabPool.Db1Disk} already attached RW", error.Message, StringComparison.Ordinal);
        Assert.Equal(PowerState.Halted, lab.Vm(LabPool.Db1).PowerState);
    }

    [Fact]
    public void After_reset_powerstate_and_resetvdis_the_VM_starts_on_another_host()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Performed(new ResetVmPowerState(LabPool.Db1));
        lab.Performed(new ResetVdis(LabPool.A, LabPool.Nfs, Master: false));

        lab.Performed(new StartVm(LabPool.Db1, LabPool.B));

        Assert.Equal(PowerState.Running, lab.Vm(LabPool.Db1).PowerState);
        Assert.Equal(LabPool.B, lab.Vm(LabPool.Db1).ResidentOn);
        Assert.Equal(new Dictionary<Guid, AttachMode> { [LabPool.B] = AttachMode.RW }, lab.Vdi(LabPool.Db1Disk).AttachKeys);
    }

    [Fact]
    public void Reset_powerstate_alone_is_not_enough_because_it_leaves_the_attach_keys()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        lab.Performed(new ResetVmPowerState(LabPool.Web1));

        Assert.Equal(PowerState.Halted, lab.Vm(LabPool.Web1).PowerState);
        Assert.Null(lab.Vm(LabPool.Web1).ResidentOn);
        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.Web1Disk).AttachKeys[LabPool.A]);
    }

    [Fact]
    public void A_disk_another_host_reads_can_still_be_read()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Performed(new ResetVmPowerState(LabPool.Web1));
        lab.Performed(new ResetVdis(LabPool.A, LabPool.Nfs, Master: false));

        lab.Performed(new StartVm(LabPool.Web1, LabPool.C));

        var iso = lab.Vdi(LabPool.ToolsIso).AttachKeys;
        Assert.Equal(AttachMode.RO, iso[LabPool.B]);
        Assert.Equal(AttachMode.RO, iso[LabPool.C]);
    }

    [Fact]
    public void Starting_a_running_VM_is_VM_BAD_POWER_STATE_with_expected_and_actual()
    {
        var lab = new LabPool();

        var error = lab.Refused(new StartVm(LabPool.App1, LabPool.C));

        LabPool.AssertError(error, XapiErrorNames.VmBadPowerState, LabPool.App1.ToString(), "halted", "running");
    }

    [Fact]
    public void Starting_on_a_dead_host_is_HOST_NOT_LIVE()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.C);

        LabPool.AssertError(lab.Refused(new StartVm(LabPool.Idle1, LabPool.C)), XapiErrorNames.HostNotLive);
    }

    [Fact]
    public void Starting_on_a_host_without_enough_free_memory_is_HOST_NOT_ENOUGH_FREE_MEMORY()
    {
        var lab = new LabPool(d => d with
        {
            Vms = [.. d.Vms.Select(v => v.Id == LabPool.Idle1 ? v with { MemoryMiB = 20000 } : v)],
        });

        var error = lab.Refused(new StartVm(LabPool.Idle1, LabPool.C));

        LabPool.AssertError(error, XapiErrorNames.HostNotEnoughFreeMemory, (20000L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), (16384L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Power_state_is_checked_before_the_host_and_the_host_before_memory()
    {
        var lab = new LabPool(d => d with
        {
            Vms = [.. d.Vms.Select(v => v.Id == LabPool.Idle1 ? v with { MemoryMiB = 20000 } : v)],
        });
        lab.Kill(LabPool.C);

        Assert.Equal(XapiErrorNames.VmBadPowerState, lab.Refused(new StartVm(LabPool.App1, LabPool.C)).Name);
        Assert.Equal(XapiErrorNames.HostNotLive, lab.Refused(new StartVm(LabPool.Idle1, LabPool.C)).Name);
    }

    [Fact]
    public void A_VM_with_a_disk_on_its_dead_hosts_local_storage_cannot_start_elsewhere()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Performed(new ResetVmPowerState(LabPool.Batch1));

        var error = lab.Refused(new StartVm(LabPool.Batch1, LabPool.B));

        LabPool.AssertError(error, XapiErrorNames.VmRequiresSr, LabPool.Batch1.ToString(), LabPool.LocalA.ToString());
    }

    [Fact]
    public void Shutting_down_a_VM_whose_host_is_dead_is_HOST_OFFLINE()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        LabPool.AssertError(lab.Refused(new ShutdownVm(LabPool.Web1)), XapiErrorNames.HostOffline, LabPool.A.ToString());
    }

    [Fact]
    public void A_clean_shutdown_releases_the_hosts_keys_but_not_those_another_VM_there_still_uses()
    {
        var lab = new LabPool(d => d with
        {
            Vms = [.. d.Vms, new PoolDash.Domain.Descriptions.VmDescription
            {
                Id = Guid.Parse("70000000-0000-0000-0000-0000000000ff"), Name = "web2", MemoryMiB = 1024,
                PowerState = PowerState.Running, ResidentOn = LabPool.A, Disks = [new Vbd(LabPool.ToolsIso, AttachMode.RO)],
            }],
        });

        lab.Performed(new ShutdownVm(LabPool.Web1));

        Assert.False(lab.Vdi(LabPool.Web1Disk).AttachKeys.ContainsKey(LabPool.A));
        Assert.Equal(AttachMode.RO, lab.Vdi(LabPool.ToolsIso).AttachKeys[LabPool.A]);
    }
}
