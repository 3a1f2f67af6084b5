using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Descriptions;

/// <summary>Finds every inconsistency in a description at once, so an operator fixes the file in one pass.</summary>
public static class PoolDescriptionValidator
{
    public static IReadOnlyList<DescriptionProblem> Validate(PoolDescription d)
    {
        ArgumentNullException.ThrowIfNull(d);
        List<DescriptionProblem> problems = [];
        void Problem(string path, string message) => problems.Add(new DescriptionProblem(path, message));

        if (string.IsNullOrWhiteSpace(d.Name))
        {
            Problem("name", "the pool needs a name");
        }

        if (d.Id == Guid.Empty)
        {
            Problem("id", "the pool needs an id");
        }

        if (!(d.LivenessTimeoutSeconds > 0))
        {
            Problem("livenessTimeoutSeconds", "must be more than 0");
        }

        if (!(d.HaTimeoutSeconds > 0))
        {
            Problem("haTimeoutSeconds", "must be more than 0");
        }

        CheckIds(d, Problem);

        var hosts = d.Hosts.GroupBy(h => h.Id).ToDictionary(g => g.Key, g => g.First());
        var srs = d.Srs.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var vdis = d.Vdis.GroupBy(v => v.Id).ToDictionary(g => g.Key, g => g.First());
        var forgotten = d.ForgottenHostIds.ToHashSet();

        CheckHosts(d, hosts, forgotten, Problem);
        CheckSrs(d, hosts, Problem);
        CheckVms(d, hosts, srs, vdis, Problem);
        CheckLocks(d, hosts, Problem);

        if (d.HaEnabled && !StorageRules.CanHoldHaStatefile(d.Srs.Select(s => s.Shared)))
        {
            Problem("haEnabled", "HA needs a shared SR for its statefile (CANNOT_CREATE_STATE_FILE)");
        }

        if (d.DefaultSrId is { } defaultSr && !srs.ContainsKey(defaultSr))
        {
            Problem("defaultSrId", $"unknown SR {defaultSr}");
        }

        return problems;
    }

    private static void CheckIds(PoolDescription d, Action<string, string> problem)
    {
        var places = new List<(Guid Id, string Path)>();
        places.AddRange(d.Hosts.Select((h, i) => (h.Id, $"hosts[{i}]")));
        places.AddRange(d.Srs.Select((s, i) => (s.Id, $"srs[{i}]")));
        places.AddRange(d.Vdis.Select((v, i) => (v.Id, $"vdis[{i}]")));
        places.AddRange(d.Vms.Select((v, i) => (v.Id, $"vms[{i}]")));
        foreach (var (id, path) in places.Where(p => p.Id == Guid.Empty))
        {
            problem($"{path}.id", "missing id");
        }

        foreach (var group in places.Where(p => p.Id != Guid.Empty).GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            problem(group.First().Path + ".id", $"duplicate id {group.Key} (also at {string.Join(", ", group.Skip(1).Select(p => p.Path))})");
        }
    }

    private static void CheckHosts(PoolDescription d, Dictionary<Guid, HostDescription> hosts, HashSet<Guid> forgotten, Action<string, string> problem)
    {
        if (d.Hosts.Count == 0)
        {
            problem("hosts", "a pool needs at least one host, its master");
        }

        for (var i = 0; i < d.Hosts.Count; i++)
        {
            var h = d.Hosts[i];
            if (string.IsNullOrWhiteSpace(h.Name))
            {
                problem($"hosts[{i}].name", "the host needs a name");
            }

            if (h.MemoryMiB <= 0)
            {
                problem($"hosts[{i}].memoryMiB", "must be more than 0");
            }

            if (h.Liveness is not (Liveness.Alive or Liveness.Dead or Liveness.Suspect))
            {
                problem($"hosts[{i}].liveness", "a listed host is Alive, Suspect or Dead; forgotten hosts go in forgottenHostIds");
            }

            if (forgotten.Contains(h.Id))
            {
                problem($"hosts[{i}].id", $"host {h.Id} was forgotten and can only come back with a new id");
            }

            if (h.Following is { } following && !hosts.ContainsKey(following))
            {
                problem($"hosts[{i}].following", $"unknown host {following}");
            }
        }

        var masters = d.Hosts.Where(h => h.Role == HostRole.Master).ToList();
        if (d.MasterId is { } masterId)
        {
            if (!hosts.TryGetValue(masterId, out var master))
            {
                problem("masterId", $"unknown host {masterId}");
            }
            else if (master.Role != HostRole.Master)
            {
                problem("masterId", $"host {master.Name} is named master but its role is Member");
            }

            // A replaced master that is still dead believes it is master: only that may coexist with the real one.
            var others = masters.Where(h => h.Id != masterId && h.Liveness != Liveness.Dead).ToList();
            if (others.Count > 0)
            {
                problem("hosts", $"two masters: {string.Join(", ", others.Select(h => h.Name))} besides the pool master");
            }
        }
        else if (masters.Count == 0 && d.Hosts.Count > 0)
        {
            problem("hosts", "no host has the Master role");
        }
        else if (masters.Count > 1)
        {
            problem("hosts", $"two masters: {string.Join(", ", masters.Select(h => h.Name))}");
        }
    }

    private static void CheckSrs(PoolDescription d, Dictionary<Guid, HostDescription> hosts, Action<string, string> problem)
    {
        for (var i = 0; i < d.Srs.Count; i++)
        {
            var sr = d.Srs[i];
            if (string.IsNullOrWhiteSpace(sr.Name))
            {
                problem($"srs[{i}].name", "the SR needs a name");
            }

            if (sr.Shared && sr.OwnerHostId is not null)
            {
                problem($"srs[{i}].ownerHostId", "a shared SR has no owner host");
            }

            if (!sr.Shared && (sr.OwnerHostId is not { } owner || !hosts.ContainsKey(owner)))
            {
                problem($"srs[{i}].ownerHostId", $"a local SR needs a known owner host (got {sr.OwnerHostId?.ToString() ?? "none"})");
            }
        }

        for (var i = 0; i < d.Vdis.Count; i++)
        {
            var vdi = d.Vdis[i];
            if (!d.Srs.Any(s => s.Id == vdi.SrId))
            {
                problem($"vdis[{i}].srId", $"unknown SR {vdi.SrId}");
            }

            foreach (var holder in vdi.AttachKeys.Keys.Where(k => !hosts.ContainsKey(k)))
            {
                problem($"vdis[{i}].attachKeys", $"unknown host {holder}");
            }

            if (vdi.PausedBy is { } paused && !hosts.ContainsKey(paused))
            {
                problem($"vdis[{i}].pausedBy", $"unknown host {paused}");
            }

            if (vdi.ActivatingBy is { } activating && !hosts.ContainsKey(activating))
            {
                problem($"vdis[{i}].activatingBy", $"unknown host {activating}");
            }
        }
    }

    private static void CheckVms(
        PoolDescription d,
        Dictionary<Guid, HostDescription> hosts,
        Dictionary<Guid, SrDescription> srs,
        Dictionary<Guid, VdiDescription> vdis,
        Action<string, string> problem)
    {
        var used = new Dictionary<Guid, long>();
        for (var i = 0; i < d.Vms.Count; i++)
        {
            var vm = d.Vms[i];
            var live = vm.PowerState.IsLive();
            if (string.IsNullOrWhiteSpace(vm.Name))
            {
                problem($"vms[{i}].name", "the VM needs a name");
            }

            if (vm.MemoryMiB <= 0)
            {
                problem($"vms[{i}].memoryMiB", "must be more than 0");
            }

            if (live && vm.ResidentOn is null)
            {
                problem($"vms[{i}].residentOn", $"a {vm.PowerState} VM needs the host it runs on");
            }
            else if (!live && vm.ResidentOn is not null)
            {
                problem($"vms[{i}].residentOn", $"a {vm.PowerState} VM is not resident on any host");
            }
            else if (vm.ResidentOn is { } residentOn)
            {
                if (!hosts.ContainsKey(residentOn))
                {
                    problem($"vms[{i}].residentOn", $"unknown host {residentOn}");
                }
                else
                {
                    used[residentOn] = used.GetValueOrDefault(residentOn) + vm.MemoryMiB;
                }
            }

            if (vm.DisplacedFrom is { } displaced && !hosts.ContainsKey(displaced))
            {
                problem($"vms[{i}].displacedFrom", $"unknown host {displaced}");
            }

            for (var j = 0; j < vm.Disks.Count; j++)
            {
                var disk = vm.Disks[j];
                if (!vdis.TryGetValue(disk.VdiId, out var vdi))
                {
                    problem($"vms[{i}].disks[{j}].vdiId", $"unknown VDI {disk.VdiId}");
                }
                else if (live && vm.ResidentOn is { } host && srs.TryGetValue(vdi.SrId, out var sr) && !StorageRules.CanReach(sr.Shared, sr.OwnerHostId, host))
                {
                    problem($"vms[{i}].disks[{j}]", $"VDI {vdi.Name} is on local SR {sr.Name} of another host than the one the VM runs on");
                }
            }
        }

        foreach (var (hostId, usedMiB) in used)
        {
            var host = hosts[hostId];
            if (usedMiB > host.MemoryMiB)
            {
                problem("vms", $"host {host.Name} runs VMs needing {usedMiB} MiB but has {host.MemoryMiB} MiB");
            }
        }
    }

    /// <summary>"Each disk in an SR can only be used by one host at a time": explicit keys and those implied by
    /// running VMs together may give at most one RW holder per VDI.</summary>
    private static void CheckLocks(PoolDescription d, Dictionary<Guid, HostDescription> hosts, Action<string, string> problem)
    {
        var keys = ImpliedAttachKeys(d);
        for (var i = 0; i < d.Vdis.Count; i++)
        {
            var vdi = d.Vdis[i];
            if (!keys.TryGetValue(vdi.Id, out var holders))
            {
                continue;
            }

            var rw = holders.Where(k => k.Value == AttachMode.RW).Select(k => k.Key).ToList();
            if (rw.Count > 1)
            {
                var names = rw.Select(h => hosts.TryGetValue(h, out var host) ? host.Name : h.ToString());
                problem($"vdis[{i}]", $"VDI {vdi.Name} is attached RW by two hosts: {string.Join(", ", names)}");
            }
        }
    }

    /// <summary>The attach keys a description amounts to: its explicit keys, plus (unless they are complete, as in an
    /// export) one per disk of every running VM.
    /// A VM that writes to a disk another host reads counts as a conflict on that disk (kept as RW).</summary>
    internal static Dictionary<Guid, Dictionary<Guid, AttachMode>> ImpliedAttachKeys(PoolDescription d)
    {
        var keys = new Dictionary<Guid, Dictionary<Guid, AttachMode>>();
        Dictionary<Guid, AttachMode> For(Guid vdi) => keys.TryGetValue(vdi, out var k) ? k : keys[vdi] = [];
        foreach (var vdi in d.Vdis)
        {
            foreach (var (host, mode) in vdi.AttachKeys)
            {
                For(vdi.Id)[host] = mode;
            }
        }

        if (d.AttachKeysComplete)
        {
            return keys;
        }

        foreach (var vm in d.Vms.Where(v => v.PowerState.IsLive() && v.ResidentOn is not null))
        {
            foreach (var disk in vm.Disks)
            {
                var holders = For(disk.VdiId);
                var host = vm.ResidentOn!.Value;
                holders[host] = StorageRules.Attach(holders.TryGetValue(host, out var existing) ? existing : null, disk.Mode);
            }
        }

        return keys;
    }
}
