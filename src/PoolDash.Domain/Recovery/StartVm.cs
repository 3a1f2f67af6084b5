using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Recovery;

/// <summary><c>xe vm-start on=HOST</c>: checks the power state, the host, its memory, then the disks as the storage
/// layer does, so a disk a dead host still holds gives the guide's <c>VDI &lt;UUID&gt; already attached RW</c>.</summary>
public sealed record StartVm(Guid VmId, Guid HostId) : PoolCommand
{
    public override string Operation => Operations.VmStart;

    public override Guid TargetId => VmId;

    internal override XapiError? Check(PoolState pool)
    {
        if (FindVm(pool, VmId, out var vm) is { } missingVm)
        {
            return missingVm;
        }

        if (FindHost(pool, HostId, out var host) is { } missingHost)
        {
            return missingHost;
        }

        if (vm.PowerState != PowerState.Halted)
        {
            return Xapi.VmBadPowerState(vm, PowerState.Halted);
        }

        if (!host.IsLive)
        {
            return Xapi.HostNotLive(host);
        }

        var free = pool.FreeMemoryMiB(host);
        if (free < vm.MemoryMiB)
        {
            return Xapi.HostNotEnoughFreeMemory(host, vm.MemoryMiB, free);
        }

        return Placement.CheckLocalStorage(pool, vm, host) ?? Placement.CheckLocks(pool, vm, host);
    }

    internal override void Apply(PoolState pool) => pool.Start(pool.Vms[VmId], pool.Hosts[HostId], "started by operator");

    internal override bool IsSatisfied(PoolState pool) =>
        pool.Vms.TryGetValue(VmId, out var vm) && vm.IsLive && vm.ResidentOn == HostId;
}
