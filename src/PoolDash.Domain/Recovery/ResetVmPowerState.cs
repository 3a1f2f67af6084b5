using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Recovery;

/// <summary><c>xe vm-reset-powerstate --force</c>: the VM is Halted in the database only. Its disks' attach keys
/// stay, which is why resetvdis exists.</summary>
public sealed record ResetVmPowerState(Guid VmId) : PoolCommand
{
    public override string Operation => Operations.VmResetPowerState;

    public override Guid TargetId => VmId;

    internal override XapiError? Check(PoolState pool)
    {
        if (FindVm(pool, VmId, out var vm) is { } missing)
        {
            return missing;
        }

        if (vm.IsControlDomain)
        {
            return Xapi.CannotResetControlDomain(vm);
        }

        return vm.IsLive && vm.ResidentOn is { } hostId && pool.Hosts.TryGetValue(hostId, out var host) && host.IsLive
            ? Xapi.HostIsLive(host, isMaster: false)
            : null;
    }

    internal override void Apply(PoolState pool) => pool.ResetPowerState(pool.Vms[VmId], "power state reset by operator");

    internal override bool IsSatisfied(PoolState pool) =>
        pool.Vms.TryGetValue(VmId, out var vm) && vm.PowerState == PowerState.Halted;
}
