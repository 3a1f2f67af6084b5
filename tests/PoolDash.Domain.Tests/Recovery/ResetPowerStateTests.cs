using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Recovery;

/// <summary>The guide: "If you are sure that the member XenServer host is definitely down, use the xe
/// vm-reset-powerstate CLI command to set the power state of the VMs to halted."</summary>
public class ResetPowerStateTests
{
    [Fact]
    public void Refused_with_HOST_IS_LIVE_while_the_VMs_host_is_alive()
    {
        var lab = new LabPool();
        var before = lab.Snapshot;

        var error = lab.Refused(new ResetVmPowerState(LabPool.Web1));

        LabPool.AssertError(error, XapiErrorNames.HostIsLive, LabPool.A.ToString());
        Assert.Equal(PowerState.Running, lab.Vm(LabPool.Web1).PowerState);
        Assert.Equal(before.Vms, lab.Snapshot.Vms, new ViewComparer<Snapshots.VmView>());
    }

    [Fact]
    public void Refused_with_HOST_IS_LIVE_while_the_host_is_only_suspect()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(150));
        lab.Elapse(TimeSpan.FromSeconds(120), null, LabPool.A);
        Assert.Equal(PoolDash.Domain.Pools.Liveness.Suspect, lab.Host(LabPool.A).Liveness);

        Assert.Equal(XapiErrorNames.HostIsLive, lab.Refused(new ResetVmPowerState(LabPool.Web1)).Name);
    }

    [Fact]
    public void A_control_domain_cannot_be_reset()
    {
        var dom0 = Guid.Parse("70000000-0000-0000-0000-0000000000d0");
        var lab = new LabPool(d => d with
        {
            Vms = [.. d.Vms, new VmDescription { Id = dom0, Name = "Control domain on host: xs-c", MemoryMiB = 1024, PowerState = PowerState.Running, ResidentOn = LabPool.C, IsControlDomain = true }],
        });
        lab.Kill(LabPool.C);

        LabPool.AssertError(lab.Refused(new ResetVmPowerState(dom0)), XapiErrorNames.CannotResetControlDomain, dom0.ToString());
    }

    [Fact]
    public void A_halted_VM_can_be_reset_any_time_and_stays_halted()
    {
        var lab = new LabPool();

        lab.Performed(new ResetVmPowerState(LabPool.Idle1));

        Assert.Equal(PowerState.Halted, lab.Vm(LabPool.Idle1).PowerState);
    }

    [Fact]
    public void An_unknown_VM_is_UUID_INVALID()
    {
        var lab = new LabPool();
        var id = Guid.NewGuid();

        LabPool.AssertError(lab.Refused(new ResetVmPowerState(id)), XapiErrorNames.UuidInvalid, "VM", id.ToString());
    }
}
