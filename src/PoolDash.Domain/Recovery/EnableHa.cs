using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Recovery;

/// <summary><c>xe pool-ha-enable</c>: every host live, a shared SR for the statefile. From then on liveness
/// follows HA's timeout and a dead host is fenced.</summary>
public sealed record EnableHa(Guid PoolId) : PoolCommand
{
    public override string Operation => Operations.HaEnable;

    public override Guid TargetId => PoolId;

    internal override XapiError? Check(PoolState pool)
    {
        if (pool.HaEnabled)
        {
            return Xapi.HaIsEnabled();
        }

        var offline = pool.Hosts.Values.FirstOrDefault(h => !h.IsLive);
        if (offline is not null)
        {
            return Xapi.HostOffline(offline);
        }

        return StorageRules.CanHoldHaStatefile(pool.Srs.Values.Select(sr => sr.Shared)) ? null : Xapi.CannotCreateStateFile();
    }

    internal override void Apply(PoolState pool)
    {
        pool.HaEnabled = true;
        pool.Raise(new HaStateChanged(true));
    }

    internal override bool IsSatisfied(PoolState pool) => pool.HaEnabled;
}
