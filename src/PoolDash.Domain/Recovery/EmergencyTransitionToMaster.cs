using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>
/// <c>xe pool-emergency-transition-to-master</c>, run on member M while the master is dead and HA is off. M becomes
/// master; the other members keep pointing at the old one until <see cref="RecoverSlaves"/>.
/// </summary>
public sealed record EmergencyTransitionToMaster(Guid HostId) : PoolCommand
{
    public override string Operation => Operations.EmergencyTransitionToMaster;

    public override Guid TargetId => HostId;

    /// <summary>An emergency call: it is what a member can still do when the master is gone.</summary>
    internal override bool NeedsLiveMaster => false;

    internal override XapiError? Check(PoolState pool)
    {
        if (pool.HaEnabled)
        {
            return Xapi.HaIsEnabled();
        }

        if (FindHost(pool, HostId, out var host) is { } missing)
        {
            return missing;
        }

        if (!host.IsLive)
        {
            return Xapi.HostOffline(host);
        }

        if (host.Id == pool.MasterId)
        {
            return Xapi.HostIsMaster(host);
        }

        // Ours: refuse to make a second master while the first still answers (split brain).
        return pool.MasterIsLive ? Xapi.HostIsLive(pool.Master, isMaster: true) : null;
    }

    internal override void Apply(PoolState pool)
    {
        var host = pool.Hosts[HostId];
        var old = pool.MasterId;
        host.Role = HostRole.Master;
        host.Following = null;
        pool.MasterId = host.Id;
        pool.Raise(new MasterChanged(old, host.Id, EventReasons.EmergencyTransition));
    }

    internal override bool IsSatisfied(PoolState pool) => pool.MasterId == HostId;
}
