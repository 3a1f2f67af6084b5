using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>
/// <c>xe host-declare-dead</c> (XAPI since 2013): the operator asserts the host is off. In one step the host is
/// Dead, every resident VM is reset and its attach keys are cleared on every SR (without master, like XAPI's hook).
/// </summary>
public sealed record DeclareHostDead(Guid HostId) : PoolCommand
{
    public override string Operation => Operations.HostDeclareDead;

    public override Guid TargetId => HostId;

    internal override XapiError? Check(PoolState pool)
    {
        if (FindHost(pool, HostId, out var host) is { } missing)
        {
            return missing;
        }

        // Suspect is allowed: the host is silent and the operator knows it is off. One that any channel still sees
        // (its heartbeats arrive, it is isolated, the master reports it live) is not.
        return host.Id == pool.MasterId || host.IsSeen
            ? Xapi.HostIsLive(host, host.Id == pool.MasterId)
            : null;
    }

    internal override void Apply(PoolState pool)
    {
        var host = pool.Hosts[HostId];
        pool.MarkDead(host, $"declared dead {EventReasons.ByOperatorSuffix}");
        foreach (var vm in pool.ResidentVms(HostId).Where(vm => !vm.IsControlDomain).ToList())
        {
            pool.ResetPowerState(vm, "host declared dead");
        }

        pool.RemoveAttachKeys(HostId, null, "host declared dead");
    }

    /// <summary>XAPI resets the VMs and clears the keys; that the host is Dead is PoolDash's to record.</summary>
    internal override bool ShownBy(PoolState pool) =>
        pool.Hosts.TryGetValue(HostId, out _)
        && !pool.ResidentVms(HostId).Any(vm => !vm.IsControlDomain)
        && !pool.Vdis.Values.Any(v => v.AttachKeys.ContainsKey(HostId));

    internal override void ApplyConfirmed(PoolState pool) => pool.MarkDead(pool.Hosts[HostId], $"declared dead {EventReasons.ByOperatorSuffix}");

    internal override bool IsSatisfied(PoolState pool) =>
        pool.Hosts.TryGetValue(HostId, out var host)
        && host.Liveness == Liveness.Dead
        && !pool.ResidentVms(HostId).Any(vm => !vm.IsControlDomain)
        && !pool.Vdis.Values.Any(v => v.AttachKeys.ContainsKey(HostId));
}
