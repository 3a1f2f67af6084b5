using PoolDash.Domain.Events;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Pools;

/// <summary>
/// The mutable heart of a <see cref="Pool"/>, touched only under the pool's lock. Holds the objects and the
/// effects every operation is built from, each of which raises the events that describe it.
/// </summary>
internal sealed partial class PoolState
{
    private readonly List<PoolEvent> _pending = [];

    public PoolState(Guid id, string name)
    {
        Id = id;
        Name = name;
    }

    public Guid Id { get; }

    public string Name { get; }

    public Guid MasterId { get; set; }

    public bool HaEnabled { get; set; }

    public TimeSpan LivenessTimeout { get; set; } = PoolDefaults.LivenessTimeout;

    public TimeSpan HaTimeout { get; set; } = PoolDefaults.HaTimeout;

    public bool TwoPersonRule { get; set; } = true;

    public Guid? DefaultSrId { get; set; }

    /// <summary>A connected pool: what XAPI does by itself (HA's election, fencing and restarts, the SR master's flags)
    /// comes in through the mirror, so PoolDash does not also do it to its copy.</summary>
    public bool FollowsRealPool { get; set; }

    public Dictionary<Guid, HostState> Hosts { get; } = [];

    public HashSet<Guid> ForgottenHostIds { get; } = [];

    /// <summary>Maintenance windows; one that has ended by its time no longer covers anyone.</summary>
    public List<MaintenanceWindow> Maintenance { get; } = [];

    public Dictionary<Guid, VmState> Vms { get; } = [];

    public Dictionary<Guid, SrState> Srs { get; } = [];

    public Dictionary<Guid, VdiState> Vdis { get; } = [];

    public long Sequence { get; private set; }

    /// <summary>The time of the operation under way.</summary>
    public long NowTicks { get; set; }

    /// <summary>Bumped whenever hosts join or leave, so the pool rebuilds its lock-free heartbeat index.</summary>
    public int HostsVersion { get; private set; }

    public long TimeoutTicks => (HaEnabled ? HaTimeout : LivenessTimeout).Ticks;

    public HostState Master => Hosts[MasterId];

    public bool MasterIsLive => Hosts.TryGetValue(MasterId, out var master) && master.IsLive;

    public void Raise(PoolEvent e) =>
        _pending.Add(e with { PoolId = Id, Sequence = ++Sequence, At = new DateTimeOffset(NowTicks, TimeSpan.Zero) });

    public IReadOnlyList<PoolEvent> TakeEvents()
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        var events = _pending.ToArray();
        _pending.Clear();
        return events;
    }

    public void RestoreSequence(long sequence) => Sequence = sequence;

    public void HostsChanged() => HostsVersion++;

    public IEnumerable<VmState> ResidentVms(Guid hostId) =>
        Vms.Values.Where(vm => vm.IsLive && vm.ResidentOn == hostId);

    public long FreeMemoryMiB(HostState host) =>
        host.MemoryTotalMiB - ResidentVms(host.Id).Sum(vm => vm.MemoryMiB);

    public IEnumerable<VdiState> VdisOf(Guid srId) => Vdis.Values.Where(v => v.SrId == srId);

    /// <summary>Whether <paramref name="host"/> was the SR master of <paramref name="sr"/> (guide: the pool master
    /// for a shared SR, the owner of a local one) at the time it died, or is it now.</summary>
    public bool WasSrMaster(HostState host, SrState sr) =>
        sr.Shared ? host.Id == MasterId || host.WasPoolMasterWhenDied : sr.OwnerHostId == host.Id;

    public bool IsSrMasterNow(Guid hostId, SrState sr) => sr.SrMaster(MasterId) == hostId;

    public void ChangeLiveness(HostState host, Liveness to, string reason)
    {
        var from = host.SetLiveness(to);
        if (to is Liveness.Alive or Liveness.Isolated)
        {
            // Heard again: whoever vouched that it was off was wrong, or it has been switched back on.
            host.Attestation = null;
        }

        if (from != to)
        {
            Raise(new HostLivenessChanged(host.Id, from, to, reason));
        }
    }

    /// <summary>A window started or ended: every host's planned silence is what the windows now say; a host that was
    /// Suspect or Isolated is simply in maintenance; one whose window ended early starts a fresh full timeout now.</summary>
    public void MaintenanceChanged(MaintenanceWindow window, bool started)
    {
        foreach (var host in Hosts.Values)
        {
            var until = Maintenance.Where(w => w.Covers(host.Id)).Select(w => w.EndsAt.UtcTicks).DefaultIfEmpty(0).Max();
            host.SetMaintenanceUntil(until);
            if (!window.Covers(host.Id))
            {
                continue;
            }

            if (started && host.Liveness is Liveness.Suspect or Liveness.Isolated)
            {
                ChangeLiveness(host, Liveness.Alive, "in maintenance");
            }
            else if (!started)
            {
                host.StartGrace(NowTicks);
            }
        }

        Raise(new Events.MaintenanceChanged(window, started));
    }

    public void SetPowerState(VmState vm, PowerState to, Guid? residentOn, string reason)
    {
        var from = vm.PowerState;
        vm.PowerState = to;
        vm.ResidentOn = residentOn;
        Raise(new VmPowerStateChanged(vm.Id, from, to, residentOn, reason));
    }

    /// <summary>vm-reset-powerstate's effect: Halted in the database only; the disks' attach keys stay.</summary>
    public void ResetPowerState(VmState vm, string reason)
    {
        if (vm.IsLive && vm.ResidentOn is { } host)
        {
            vm.DisplacedFrom = host;
        }

        SetPowerState(vm, PowerState.Halted, null, reason);
    }

    public void VdiChanged(VdiState vdi, string reason) =>
        Raise(new VdiLocksChanged(
            vdi.Id, vdi.SrId, new Dictionary<Guid, AttachMode>(vdi.AttachKeys), vdi.PausedBy, vdi.ActivatingBy, reason));

    /// <summary>resetvdis' core: drop <paramref name="hostId"/>'s attach keys on the VDIs of one SR, or of all.</summary>
    public void RemoveAttachKeys(Guid hostId, Guid? srId, string reason)
    {
        foreach (var vdi in Vdis.Values)
        {
            if ((srId is null || vdi.SrId == srId) && vdi.AttachKeys.Remove(hostId))
            {
                VdiChanged(vdi, reason);
            }
        }
    }

    /// <summary>resetvdis' <c>master</c> part: drop the SR master's paused/activating flags on one SR.</summary>
    public void ClearFlags(Guid srId, string reason)
    {
        foreach (var vdi in VdisOf(srId))
        {
            if (vdi.IsFlagged)
            {
                vdi.PausedBy = null;
                vdi.ActivatingBy = null;
                VdiChanged(vdi, reason);
            }
        }
    }

    /// <summary>Drop whatever flags one host left as SR master, on every SR (it restarted, or HA fenced it).</summary>
    public void ClearFlagsHeldBy(Guid hostId, string reason)
    {
        foreach (var vdi in Vdis.Values)
        {
            var changed = false;
            if (vdi.PausedBy == hostId)
            {
                vdi.PausedBy = null;
                changed = true;
            }

            if (vdi.ActivatingBy == hostId)
            {
                vdi.ActivatingBy = null;
                changed = true;
            }

            if (changed)
            {
                VdiChanged(vdi, reason);
            }
        }
    }

    /// <summary>vm-start's effect: resident on the host, memory taken, every disk keyed to it (RW wins when two of
    /// the host's VMs share a disk).</summary>
    public void Start(VmState vm, HostState host, string reason)
    {
        vm.DisplacedFrom = null;
        SetPowerState(vm, PowerState.Running, host.Id, reason);
        foreach (var disk in vm.Disks)
        {
            if (Vdis.TryGetValue(disk.VdiId, out var vdi))
            {
                vdi.AttachKeys[host.Id] = StorageRules.Attach(vdi.AttachKeys.TryGetValue(host.Id, out var held) ? held : null, disk.Mode);
                VdiChanged(vdi, reason);
            }
        }
    }

    /// <summary>A clean stop deactivates the VM's disks on its host, except those another VM there still uses.</summary>
    public void ReleaseDisks(VmState vm, Guid hostId, string reason)
    {
        foreach (var disk in vm.Disks)
        {
            var stillUsed = ResidentVms(hostId).Any(other => other.Id != vm.Id && other.Disks.Any(d => d.VdiId == disk.VdiId));
            if (!stillUsed && Vdis.TryGetValue(disk.VdiId, out var vdi) && vdi.AttachKeys.Remove(hostId))
            {
                VdiChanged(vdi, reason);
            }
        }
    }
}
