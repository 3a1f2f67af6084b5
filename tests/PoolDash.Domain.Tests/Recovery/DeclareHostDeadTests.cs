using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Recovery;

/// <summary>XAPI's host-declare-dead (beyond the guide): reset every resident VM and clear the host's locks in one
/// step, and the way to act before the 600 s when the operator knows the host is off.</summary>
public class DeclareHostDeadTests
{
    [Fact]
    public void Declaring_a_host_whose_heartbeats_arrive_is_HOST_IS_LIVE()
    {
        var lab = new LabPool();

        LabPool.AssertError(lab.Refused(new DeclareHostDead(LabPool.A)), XapiErrorNames.HostIsLive, LabPool.A.ToString());
        Assert.Equal(PowerState.Running, lab.Vm(LabPool.Web1).PowerState);
    }

    [Fact]
    public void Declaring_the_master_dead_is_HOST_IS_LIVE()
    {
        var lab = new LabPool();

        Assert.Equal(XapiErrorNames.HostIsLive, lab.Refused(new DeclareHostDead(LabPool.M)).Name);
    }

    [Fact]
    public void A_suspect_host_can_be_declared_dead_before_the_timeout_and_is_dead_at_once()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(150));
        lab.Elapse(TimeSpan.FromSeconds(120), null, LabPool.A);
        Assert.Equal(Liveness.Suspect, lab.Host(LabPool.A).Liveness);

        lab.Performed(new DeclareHostDead(LabPool.A));

        Assert.Equal(Liveness.Dead, lab.Host(LabPool.A).Liveness);
    }

    [Fact]
    public void Declare_dead_resets_the_VMs_and_clears_the_locks_so_they_start_elsewhere()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        lab.Performed(new DeclareHostDead(LabPool.A));

        Assert.All(new[] { LabPool.Web1, LabPool.Db1, LabPool.Batch1 }, vm => Assert.Equal(PowerState.Halted, lab.Vm(vm).PowerState));
        Assert.All(lab.Snapshot.Vdis, v => Assert.False(v.AttachKeys.ContainsKey(LabPool.A)));
        lab.Performed(new StartVm(LabPool.Db1, LabPool.B));
        lab.Performed(new ForgetHost(LabPool.A));
    }
}
