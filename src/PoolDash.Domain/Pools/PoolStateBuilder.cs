using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Pools;

/// <summary>Turns a (validated) description into pool state and back.</summary>
internal static class PoolStateBuilder
{
    public static PoolState Build(PoolDescription d, long nowTicks)
    {
        var state = new PoolState(d.Id, d.Name)
        {
            HaEnabled = d.HaEnabled,
            LivenessTimeout = TimeSpan.FromSeconds(d.LivenessTimeoutSeconds),
            HaTimeout = TimeSpan.FromSeconds(d.HaTimeoutSeconds),
            TwoPersonRule = d.TwoPersonRule,
            DefaultSrId = d.DefaultSrId,
            NowTicks = nowTicks,
        };
        state.MasterId = d.MasterId ?? d.Hosts.Single(h => h.Role == HostRole.Master).Id;

        foreach (var h in d.Hosts)
        {
            var host = new HostState(h.Id, h.Name, h.Address, h.MemoryMiB, h.Role)
            {
                // A replaced old master still believes it is master and follows nobody until it is demoted.
                Following = h.Id == state.MasterId || h.Role == HostRole.Master ? null : h.Following ?? state.MasterId,
                WasPoolMasterWhenDied = h.WasPoolMasterWhenDied,
            };
            host.StartGrace(nowTicks);
            if (h.LastHeartbeat is { } last)
            {
                host.RestoreLastHeartbeat(last.UtcTicks);
            }

            host.SetLiveness(h.Liveness == Liveness.Dead ? Liveness.Dead : Liveness.Alive);
            host.Attestation = h.Liveness == Liveness.Dead ? h.DownAttestation : null;
            state.Hosts.Add(h.Id, host);
        }

        state.ForgottenHostIds.UnionWith(d.ForgottenHostIds);
        foreach (var window in d.Maintenance.Where(w => w.EndsAt.UtcTicks > nowTicks))
        {
            state.Maintenance.Add(window);
            foreach (var host in state.Hosts.Values.Where(h => window.Covers(h.Id)))
            {
                host.SetMaintenanceUntil(Math.Max(host.MaintenanceUntilTicks, window.EndsAt.UtcTicks));
            }
        }

        foreach (var sr in d.Srs)
        {
            state.Srs.Add(sr.Id, new SrState(sr.Id, sr.Name, sr.Shared, sr.Shared ? null : sr.OwnerHostId));
        }

        var keys = PoolDescriptionValidator.ImpliedAttachKeys(d);
        foreach (var v in d.Vdis)
        {
            var vdi = new VdiState(v.Id, v.Name, v.SrId) { PausedBy = v.PausedBy, ActivatingBy = v.ActivatingBy };
            foreach (var (host, mode) in keys.GetValueOrDefault(v.Id) ?? [])
            {
                vdi.AttachKeys[host] = mode;
            }

            state.Vdis.Add(v.Id, vdi);
        }

        foreach (var v in d.Vms)
        {
            var vm = new VmState(v.Id, v.Name, v.MemoryMiB, v.HaPriority, v.IsControlDomain, [.. v.Disks])
            {
                PowerState = v.PowerState,
                ResidentOn = v.ResidentOn,
                DisplacedFrom = v.DisplacedFrom,
            };
            state.Vms.Add(v.Id, vm);
        }

        state.HostsChanged();
        return state;
    }

    public static PoolDescription Describe(PoolState s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        MasterId = s.MasterId,
        HaEnabled = s.HaEnabled,
        LivenessTimeoutSeconds = s.LivenessTimeout.TotalSeconds,
        HaTimeoutSeconds = s.HaTimeout.TotalSeconds,
        TwoPersonRule = s.TwoPersonRule,
        DefaultSrId = s.DefaultSrId,
        AttachKeysComplete = true,
        Hosts = [.. s.Hosts.Values.Select(h => new HostDescription
        {
            Id = h.Id,
            Name = h.Name,
            Address = h.Address,
            MemoryMiB = h.MemoryTotalMiB,
            Role = h.Role,
            Liveness = h.Liveness == Liveness.Dead ? Liveness.Dead : Liveness.Alive,
            Following = h.Following,
            LastHeartbeat = h.LastHeartbeatTicks == 0 ? null : new DateTimeOffset(h.LastHeartbeatTicks, TimeSpan.Zero),
            WasPoolMasterWhenDied = h.WasPoolMasterWhenDied,
            DownAttestation = h.Liveness == Liveness.Dead ? h.Attestation : null,
        })],
        Srs = [.. s.Srs.Values.Select(sr => new SrDescription { Id = sr.Id, Name = sr.Name, Shared = sr.Shared, OwnerHostId = sr.OwnerHostId })],
        Vdis = [.. s.Vdis.Values.Select(v => new VdiDescription
        {
            Id = v.Id,
            Name = v.Name,
            SrId = v.SrId,
            AttachKeys = new Dictionary<Guid, AttachMode>(v.AttachKeys),
            PausedBy = v.PausedBy,
            ActivatingBy = v.ActivatingBy,
        })],
        Vms = [.. s.Vms.Values.Select(vm => new VmDescription
        {
            Id = vm.Id,
            Name = vm.Name,
            MemoryMiB = vm.MemoryMiB,
            PowerState = vm.PowerState,
            ResidentOn = vm.ResidentOn,
            HaPriority = vm.HaPriority,
            IsControlDomain = vm.IsControlDomain,
            Disks = [.. vm.Disks],
            DisplacedFrom = vm.DisplacedFrom,
        })],
        ForgottenHostIds = [.. s.ForgottenHostIds],
        Maintenance = [.. s.Maintenance.Where(w => w.EndsAt.UtcTicks > s.NowTicks)],
    };
}
