using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Tests.Recovery;

/// <summary>The guide: "/opt/xensource/sm/resetvdis.py &lt;host_UUID&gt; &lt;SR_UUID&gt; [master] — You need only supply
/// the third string ("master") if the failed host was the SR master — pool master or XenServer host using local
/// storage — at the time of the crash."</summary>
public class ResetVdisTests
{
    /// <summary>The master M dies holding mon1's disk on the shared SR; A takes over as master.</summary>
    private static LabPool PoolWhoseSrMasterDied()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);
        lab.Performed(new EmergencyTransitionToMaster(LabPool.A));
        lab.Performed(new ResetVmPowerState(LabPool.Mon1));
        return lab;
    }

    [Fact]
    public void Resetvdis_without_master_after_the_SR_master_died_still_leaves_the_VDI_unavailable()
    {
        var lab = PoolWhoseSrMasterDied();

        lab.Performed(new ResetVdis(LabPool.M, LabPool.Nfs, Master: false));

        Assert.Empty(lab.Vdi(LabPool.Mon1Disk).AttachKeys);
        Assert.Equal(LabPool.M, lab.Vdi(LabPool.Mon1Disk).PausedBy);
        var error = lab.Refused(new StartVm(LabPool.Mon1, LabPool.B));
        Assert.Equal(XapiErrorNames.SrBackendFailure46, error.Name);
        Assert.Equal($"The VDI is not available [opterr=VDI {LabPool.Mon1Disk} locked]", error.Params[1]);
    }

    [Fact]
    public void Resetvdis_with_master_for_the_dead_SR_master_releases_the_VDI()
    {
        var lab = PoolWhoseSrMasterDied();

        lab.Performed(new ResetVdis(LabPool.M, LabPool.Nfs, Master: true));
        lab.Performed(new StartVm(LabPool.Mon1, LabPool.B));

        Assert.Null(lab.Vdi(LabPool.Mon1Disk).PausedBy);
        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.Mon1Disk).AttachKeys[LabPool.B]);
    }

    [Fact]
    public void A_crashed_SR_master_flags_only_disks_that_were_in_use()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);

        Assert.Equal(LabPool.M, lab.Vdi(LabPool.Web1Disk).PausedBy);
        Assert.Null(lab.Vdi(LabPool.Idle1Disk).PausedBy);
    }

    [Fact]
    public void Resetvdis_with_master_for_a_host_that_was_not_the_SR_master_is_refused()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        var before = lab.Vdi(LabPool.Web1Disk);

        var error = lab.Refused(new ResetVdis(LabPool.A, LabPool.Nfs, Master: true));

        LabPool.AssertError(error, XapiErrorNames.SrMasterMismatch, LabPool.A.ToString(), LabPool.Nfs.ToString());
        Assert.Equal(before, lab.Vdi(LabPool.Web1Disk), new ViewComparer<Snapshots.VdiView>());
    }

    [Fact]
    public void A_member_is_the_SR_master_of_its_local_SR()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        lab.Performed(new ResetVdis(LabPool.A, LabPool.LocalA, Master: true));

        Assert.Empty(lab.Vdi(LabPool.Batch1Disk).AttachKeys);
        Assert.Null(lab.Vdi(LabPool.Batch1Disk).PausedBy);
    }

    [Fact]
    public void Resetvdis_for_a_live_host_is_refused_with_HOST_IS_LIVE()
    {
        var lab = new LabPool();

        var error = lab.Refused(new ResetVdis(LabPool.A, LabPool.Nfs, Master: false));

        LabPool.AssertError(error, XapiErrorNames.HostIsLive, LabPool.A.ToString());
        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.Web1Disk).AttachKeys[LabPool.A]);
    }

    [Fact]
    public void Resetvdis_touches_only_the_named_SR_and_the_named_host()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        lab.Performed(new ResetVdis(LabPool.A, LabPool.Nfs, Master: false));

        Assert.False(lab.Vdi(LabPool.Web1Disk).AttachKeys.ContainsKey(LabPool.A));
        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.Batch1Disk).AttachKeys[LabPool.A]);
        Assert.Equal(AttachMode.RW, lab.Vdi(LabPool.App1Disk).AttachKeys[LabPool.B]);
    }

    [Fact]
    public void A_restarted_SR_master_clears_the_flags_it_left()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);
        Assert.Equal(LabPool.M, lab.Vdi(LabPool.Web1Disk).PausedBy);

        lab.Pool.RecordHeartbeat(LabPool.M);

        Assert.Null(lab.Vdi(LabPool.Web1Disk).PausedBy);
    }
}
