using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary><c>xe host-forget</c>: the host is gone for good. XAPI's Host.destroy checks, in this order: not live
/// (the master counts as live), HA off, no user VM resident.</summary>
public sealed record ForgetHost(Guid HostId) : PoolCommand
{
    public override string Operation => Operations.HostForget;

    public override Guid TargetId => HostId;

    internal override XapiError? Check(PoolState pool)
    {
        if (FindHost(pool, HostId, out var host) is { } missing)
        {
            return missing;
        }

        if (host.IsLive || host.Id == pool.MasterId)
        {
            return Xapi.HostIsLive(host, host.Id == pool.MasterId);
        }

        if (pool.HaEnabled)
        {
            return Xapi.HaIsEnabled();
        }

        var resident = pool.ResidentVms(HostId).Count(vm => !vm.IsControlDomain);
        return resident > 0 ? Xapi.HostHasResidentVms(host, resident) : null;
    }

    internal override void Apply(PoolState pool)
    {
        var host = pool.Hosts[HostId];

        // XAPI's post-declare-dead hook runs resetvdis for the host on every SR it used, without master.
        pool.RemoveAttachKeys(HostId, null, "host forgotten");

        var localSrs = pool.Srs.Values.Where(sr => sr.OwnerHostId == HostId).Select(sr => sr.Id).ToList();
        foreach (var srId in localSrs)
        {
            var vdis = pool.VdisOf(srId).Select(v => v.Id).ToHashSet();
            foreach (var vm in pool.Vms.Values)
            {
                vm.Disks.RemoveAll(d => vdis.Contains(d.VdiId));
            }

            foreach (var vdi in vdis)
            {
                pool.Vdis.Remove(vdi);
            }

            pool.Srs.Remove(srId);
            if (pool.DefaultSrId == srId)
            {
                pool.DefaultSrId = null;
            }
        }

        // Control domains go with their host.
        foreach (var dom0 in pool.Vms.Values.Where(vm => vm.IsControlDomain && vm.ResidentOn == HostId).ToList())
        {
            pool.Vms.Remove(dom0.Id);
        }

        foreach (var vm in pool.Vms.Values.Where(vm => vm.DisplacedFrom == HostId))
        {
            vm.DisplacedFrom = null;
        }

        pool.ChangeLiveness(host, Liveness.Forgotten, $"forgotten {EventReasons.ByOperatorSuffix}");
        pool.Hosts.Remove(HostId);
        pool.ForgottenHostIds.Add(HostId);
        pool.HostsChanged();
        pool.Raise(new HostForgotten(HostId, localSrs));
    }

    internal override bool IsSatisfied(PoolState pool) => pool.ForgottenHostIds.Contains(HostId);
}
