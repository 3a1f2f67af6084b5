using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Recovery;

/// <summary><c>xe vm-shutdown --force</c>: forwarded to the VM's host, so a VM on a dead host gives HOST_OFFLINE
/// (that is what vm-reset-powerstate is for). A clean stop releases the host's attach keys.</summary>
public sealed record ShutdownVm(Guid VmId) : PoolCommand
{
    public override string Operation => Operations.VmShutdown;

    public override Guid TargetId => VmId;

    internal override XapiError? Check(PoolState pool)
    {
        if (FindVm(pool, VmId, out var vm) is { } missing)
        {
            return missing;
        }

        if (!vm.IsLive)
        {
            return Xapi.VmBadPowerState(vm, PowerState.Running);
        }

        if (vm.IsControlDomain)
        {
            return Xapi.CannotResetControlDomain(vm);
        }

        return vm.ResidentOn is { } hostId && pool.Hosts.TryGetValue(hostId, out var host) && !host.IsLive
            ? Xapi.HostOffline(host)
            : null;
    }

    internal override void Apply(PoolState pool)
    {
        var vm = pool.Vms[VmId];
        var host = vm.ResidentOn!.Value;
        pool.SetPowerState(vm, PowerState.Halted, null, "shut down by operator");
        pool.ReleaseDisks(vm, host, "VM shut down");
    }

    internal override bool IsSatisfied(PoolState pool) =>
        pool.Vms.TryGetValue(VmId, out var vm) && vm.PowerState == PowerState.Halted;
}
