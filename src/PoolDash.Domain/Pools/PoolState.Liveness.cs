namespace PoolDash.Domain.Pools;

internal sealed partial class PoolState
{
    /// <summary>
    /// The pool stops trusting a host: a timeout verdict or an operator's declaration. Without HA nothing else
    /// changes on its own (the guide: VMs stay Running, locks stay held) except that an SR master that crashed
    /// leaves its flags on the disks it was coordinating. With HA the host is fenced and its VMs restarted.
    /// </summary>
    public void MarkDead(HostState host, string reason)
    {
        if (host.Liveness is Liveness.Dead or Liveness.Forgotten)
        {
            return;
        }

        var wasPoolMaster = host.Id == MasterId;
        ChangeLiveness(host, Liveness.Dead, reason);
        if (wasPoolMaster)
        {
            host.WasPoolMasterWhenDied = true;
        }

        if (FollowsRealPool)
        {
            return;
        }

        if (HaEnabled)
        {
            if (wasPoolMaster)
            {
                Elect();
            }

            var displaced = Fence(host);
            RestartProtected(displaced);
        }
        else
        {
            LeaveSrMasterFlags(host);
        }
    }

    /// <summary>The repair path: heartbeats resume and the host is alive again, with its VMs and locks as the pool
    /// recorded them. A former master that was replaced meanwhile is demoted, never master again. A host heard by
    /// PoolDash that the master has given up on comes back <see cref="Liveness.Isolated"/> instead.</summary>
    public void Revive(HostState host, string reason, Liveness to = Liveness.Alive)
    {
        var from = host.Liveness;
        ChangeLiveness(host, to, reason);
        if (from == Liveness.Dead && !FollowsRealPool)
        {
            // A restarted SR master no longer has any operation in flight: its flags go.
            ClearFlagsHeldBy(host.Id, "SR master restarted");
            host.WasPoolMasterWhenDied = false;
        }

        if (host.Role == HostRole.Master && host.Id != MasterId)
        {
            host.Role = HostRole.Member;
            host.Following = MasterId;
            Raise(new Events.HostDemoted(host.Id, MasterId));
        }

        if (HaEnabled && !MasterIsLive && !FollowsRealPool)
        {
            Elect();
        }
    }

    private void LeaveSrMasterFlags(HostState host)
    {
        foreach (var sr in Srs.Values)
        {
            if (sr.SrMaster(MasterId) != host.Id)
            {
                continue;
            }

            foreach (var vdi in VdisOf(sr.Id))
            {
                if (vdi.AttachKeys.Count > 0 && vdi.PausedBy is null)
                {
                    vdi.PausedBy = host.Id;
                    VdiChanged(vdi, "SR master crashed");
                }
            }
        }
    }
}
