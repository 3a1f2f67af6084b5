using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Pools;

internal sealed partial class PoolState
{
    /// <summary>HA's election, made deterministic (ours): the live member with the lowest UUID becomes master.</summary>
    public void Elect()
    {
        var candidate = Hosts.Values
            .Where(h => h.IsLive && h.Id != MasterId)
            .OrderBy(h => h.Id.ToString(), StringComparer.Ordinal)
            .FirstOrDefault();
        if (candidate is null)
        {
            return;
        }

        var old = MasterId;
        candidate.Role = HostRole.Master;
        candidate.Following = null;
        MasterId = candidate.Id;
        foreach (var member in Hosts.Values)
        {
            if (member.IsLive && member.Id != candidate.Id)
            {
                member.Following = candidate.Id;
            }
        }

        Raise(new MasterChanged(old, candidate.Id, EventReasons.HaElection));
    }

    /// <summary>HA fences a failed host: its VMs are reset and every lock it held is released.</summary>
    private List<VmState> Fence(HostState host)
    {
        var displaced = ResidentVms(host.Id).ToList();
        foreach (var vm in displaced)
        {
            ResetPowerState(vm, "fenced");
        }

        RemoveAttachKeys(host.Id, null, "fenced");
        ClearFlagsHeldBy(host.Id, "fenced");
        return displaced;
    }

    /// <summary>Restart protected VMs on live hosts: <c>restart</c> first, then <c>best-effort</c>, memory permitting.</summary>
    private void RestartProtected(List<VmState> displaced)
    {
        var order = displaced
            .Where(vm => vm.HaPriority != HaRestartPriority.None)
            .OrderByDescending(vm => vm.HaPriority)
            .ThenBy(vm => vm.Name, StringComparer.Ordinal)
            .ThenBy(vm => vm.Id);
        foreach (var vm in order)
        {
            var target = Placement.Choose(this, vm, reservedMiB: null);
            if (target is null)
            {
                Raise(new HaRestartFailed(vm.Id, "no live host has enough free memory and access to its disks"));
                continue;
            }

            Start(vm, target, "restarted by HA");
        }
    }
}
