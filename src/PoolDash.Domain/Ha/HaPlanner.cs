using PoolDash.Domain.Pools;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Ha;

/// <summary>
/// Computes the <see cref="HaPlan"/> the way HA would restart: the displaced protected VMs, largest first, each on the
/// surviving host with the most free memory that reaches its disks (a VM on another host's local SR reaches none).
/// </summary>
internal static class HaPlanner
{
    /// <summary>Up to this many live hosts every set of failing hosts is tried (255 sets at most): the pages compute the
    /// plan as they render, so a larger pool is estimated instead.</summary>
    public const int MaxExactHosts = 8;

    public static HaPlan Plan(PoolState pool)
    {
        var live = pool.Hosts.Values.Where(h => h.IsLive).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var protectedVms = pool.Vms.Values
            .Where(v => v.HaPriority == HaRestartPriority.Restart && v.IsLive && v.ResidentOn is { } on && live.Any(h => h.Id == on))
            .ToList();
        if (live.Count == 0)
        {
            return new HaPlan(0, true, 0, protectedVms.Count, null, null, []);
        }

        var singles = live.Select(h => (Host: h, Left: Unplaced(pool, live, protectedVms, [h])))
            .OrderByDescending(x => x.Left.Sum(v => v.MemoryMiB))
            .ThenByDescending(x => ProtectedMemory(protectedVms, x.Host))
            .ThenBy(x => x.Host.Name, StringComparer.Ordinal)
            .ToList();
        var worst = singles[0];
        var exact = live.Count <= MaxExactHosts;
        var tolerated = 0;
        for (var failing = 1; failing < live.Count; failing++)
        {
            IEnumerable<IReadOnlyCollection<HostState>> sets = exact
                ? Combinations(live, failing)
                : [[.. live.OrderByDescending(h => ProtectedMemory(protectedVms, h)).ThenBy(h => h.Name, StringComparer.Ordinal).Take(failing)]];
            if (sets.Any(set => Unplaced(pool, live, protectedVms, set).Count > 0))
            {
                break;
            }

            tolerated = failing;
        }

        return new HaPlan(tolerated, exact, live.Count, protectedVms.Count, worst.Host.Id, worst.Host.Name,
            [.. worst.Left.Select(v => v.Name).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The protected VMs of <paramref name="failed"/> that find no place on the other live hosts.</summary>
    private static List<VmState> Unplaced(PoolState pool, List<HostState> live, List<VmState> protectedVms, IReadOnlyCollection<HostState> failed)
    {
        var survivors = live.Where(h => !failed.Contains(h)).ToDictionary(h => h, pool.FreeMemoryMiB);
        var unplaced = new List<VmState>();
        foreach (var vm in protectedVms.Where(v => failed.Any(h => h.Id == v.ResidentOn))
                     .OrderByDescending(v => v.MemoryMiB).ThenBy(v => v.Name, StringComparer.Ordinal))
        {
            var target = survivors.Where(s => s.Value >= vm.MemoryMiB && Placement.CheckLocalStorage(pool, vm, s.Key) is null)
                .OrderByDescending(s => s.Value).ThenBy(s => s.Key.Name, StringComparer.Ordinal).Select(s => s.Key).FirstOrDefault();
            if (target is null)
            {
                unplaced.Add(vm);
            }
            else
            {
                survivors[target] -= vm.MemoryMiB;
            }
        }

        return unplaced;
    }

    private static long ProtectedMemory(List<VmState> protectedVms, HostState host) =>
        protectedVms.Where(v => v.ResidentOn == host.Id).Sum(v => v.MemoryMiB);

    private static IEnumerable<IReadOnlyCollection<HostState>> Combinations(List<HostState> hosts, int size)
    {
        var chosen = new int[size];
        for (var i = 0; i < size; i++)
        {
            chosen[i] = i;
        }

        while (true)
        {
            yield return [.. chosen.Select(i => hosts[i])];
            var at = size - 1;
            while (at >= 0 && chosen[at] == hosts.Count - size + at)
            {
                at--;
            }

            if (at < 0)
            {
                yield break;
            }

            chosen[at]++;
            for (var j = at + 1; j < size; j++)
            {
                chosen[j] = chosen[j - 1] + 1;
            }
        }
    }
}
