using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Events;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Pools;

/// <summary>
/// A connected pool's state follows what the pool itself reports (its XAPI records, read into a description): each
/// difference becomes the same change, with the same event, as if it had happened here — VMs' power state and host,
/// the VDIs' lock keys and SR-master flags, the master, HA, hosts joined or forgotten. Liveness is not taken from the
/// description: it is judged from the liveness channels. VMs, VDIs and SRs created or destroyed on the pool are not
/// followed yet.
/// </summary>
internal static class Reconciliation
{
    public const string Reason = "reported by the pool";

    public static void Apply(PoolState state, PoolDescription observed)
    {
        foreach (var host in observed.Hosts.Where(h => !state.Hosts.ContainsKey(h.Id) && !state.ForgottenHostIds.Contains(h.Id)))
        {
            new JoinHost(host.Id, host.Name, host.Address, host.MemoryMiB).Apply(state);
        }

        if (observed.MasterId is { } master && master != state.MasterId && state.Hosts.TryGetValue(master, out var newMaster))
        {
            var old = state.MasterId;
            newMaster.Role = HostRole.Master;
            newMaster.Following = null;
            state.MasterId = master;
            // With HA on, a new master the pool reports is HA's election (xhad's); otherwise an operator's transition.
            state.Raise(new MasterChanged(old, master, observed.HaEnabled && state.HaEnabled ? EventReasons.HaElection : Reason));
        }

        foreach (var gone in state.Hosts.Keys.Where(id => observed.Hosts.All(h => h.Id != id) && id != state.MasterId).ToList())
        {
            new ForgetHost(gone).Apply(state);
        }

        if (observed.HaEnabled != state.HaEnabled)
        {
            state.HaEnabled = observed.HaEnabled;
            state.Raise(new HaStateChanged(observed.HaEnabled));
        }

        foreach (var vm in observed.Vms)
        {
            if (state.Vms.TryGetValue(vm.Id, out var known) && (known.PowerState != vm.PowerState || known.ResidentOn != vm.ResidentOn)
                && (vm.ResidentOn is null || state.Hosts.ContainsKey(vm.ResidentOn.Value)))
            {
                // Halted off a host that is not live: a power-state reset (XAPI's, or HA's fencing). The VM still
                // has to be started elsewhere, as after the same step done here.
                var reset = known.IsLive && vm.PowerState == Vms.PowerState.Halted && known.ResidentOn is { } was
                    && (!state.Hosts.TryGetValue(was, out var from) || !from.IsLive);
                if (reset)
                {
                    state.ResetPowerState(known, Reason);
                }
                else
                {
                    if (vm.PowerState != Vms.PowerState.Halted)
                    {
                        known.DisplacedFrom = null;
                    }

                    state.SetPowerState(known, vm.PowerState, vm.ResidentOn, Reason);
                }
            }
        }

        foreach (var vdi in observed.Vdis)
        {
            if (state.Vdis.TryGetValue(vdi.Id, out var known) && !Same(known, vdi))
            {
                known.AttachKeys.Clear();
                foreach (var (hostId, mode) in vdi.AttachKeys.Where(k => state.Hosts.ContainsKey(k.Key)))
                {
                    known.AttachKeys[hostId] = mode;
                }

                known.PausedBy = vdi.PausedBy;
                known.ActivatingBy = vdi.ActivatingBy;
                state.VdiChanged(known, Reason);
            }
        }
    }

    private static bool Same(VdiState known, VdiDescription observed) =>
        known.PausedBy == observed.PausedBy && known.ActivatingBy == observed.ActivatingBy
        && known.AttachKeys.Count == observed.AttachKeys.Count
        && known.AttachKeys.All(k => observed.AttachKeys.TryGetValue(k.Key, out var mode) && mode == k.Value);
}
