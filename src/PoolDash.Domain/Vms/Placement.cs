using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Vms;

/// <summary>Where a VM can run: the checks vm-start makes on its disks, and the choice of a host for HA and the
/// recovery plan.</summary>
internal static class Placement
{
    /// <summary>A disk on another host's local SR cannot be reached from <paramref name="host"/>.</summary>
    public static XapiError? CheckLocalStorage(PoolState pool, VmState vm, HostState host)
    {
        foreach (var disk in vm.Disks)
        {
            if (pool.Vdis.TryGetValue(disk.VdiId, out var vdi)
                && pool.Srs.TryGetValue(vdi.SrId, out var sr)
                && !StorageRules.CanReach(sr.Shared, sr.OwnerHostId, host.Id))
            {
                return Xapi.VmRequiresSr(vm, sr);
            }
        }

        return null;
    }

    /// <summary>The storage layer's check at activation (old SM, the guide's era): a disk another host still holds
    /// RW, or that a dead SR master left flagged, is not available.</summary>
    public static XapiError? CheckLocks(PoolState pool, VmState vm, HostState host)
    {
        foreach (var disk in vm.Disks)
        {
            if (!pool.Vdis.TryGetValue(disk.VdiId, out var vdi))
            {
                continue;
            }

            foreach (var (holder, mode) in vdi.AttachKeys)
            {
                if (holder == host.Id)
                {
                    continue;
                }

                if (mode == AttachMode.RW)
                {
                    return Xapi.VdiNotAvailable(vdi, "already attached RW");
                }

                if (disk.Mode == AttachMode.RW)
                {
                    return Xapi.VdiNotAvailable(vdi, "already attached RO");
                }
            }

            if (vdi.IsFlagged)
            {
                return Xapi.VdiNotAvailable(vdi, "locked");
            }
        }

        return null;
    }

    /// <summary>
    /// The live (not suspect) host with the most free memory that can run <paramref name="vm"/> now, lowest id on a
    /// tie; <paramref name="reservedMiB"/> holds memory already promised to earlier proposals. With
    /// <paramref name="ignoreLocks"/> the disks' locks are left out: the recovery plan proposes a host before the
    /// locks are released.
    /// </summary>
    public static HostState? Choose(PoolState pool, VmState vm, Dictionary<Guid, long>? reservedMiB, bool ignoreLocks = false)
    {
        HostState? best = null;
        long bestFree = -1;
        foreach (var host in pool.Hosts.Values.OrderBy(h => h.Id.ToString(), StringComparer.Ordinal))
        {
            if (host.Liveness != Liveness.Alive)
            {
                continue;
            }

            var free = pool.FreeMemoryMiB(host) - (reservedMiB?.GetValueOrDefault(host.Id) ?? 0);
            if (free < vm.MemoryMiB || free <= bestFree)
            {
                continue;
            }

            if (CheckLocalStorage(pool, vm, host) is null && (ignoreLocks || CheckLocks(pool, vm, host) is null))
            {
                best = host;
                bestFree = free;
            }
        }

        return best;
    }
}
