using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary><c>xe pool-recover-slaves</c> on the (new) master: every member that can be reached is pointed at it;
/// XAPI ignores the others, which stay waiting.</summary>
public sealed record RecoverSlaves(Guid MasterId) : PoolCommand
{
    public override string Operation => Operations.RecoverSlaves;

    public override Guid TargetId => MasterId;

    internal override XapiError? Check(PoolState pool)
    {
        if (FindHost(pool, MasterId, out var host) is { } missing)
        {
            return missing;
        }

        if (pool.HaEnabled)
        {
            return Xapi.HaIsEnabled();
        }

        // It runs on the master; on any other host there is nothing to recover to.
        return host.Id != pool.MasterId ? Xapi.HostIsSlave(pool.Master) : null;
    }

    internal override void Apply(PoolState pool)
    {
        List<Guid> recovered = [];
        List<Guid> waiting = [];
        foreach (var member in pool.Hosts.Values.Where(h => h.Id != pool.MasterId && h.Following != pool.MasterId))
        {
            if (member.IsLive)
            {
                member.Following = pool.MasterId;
                recovered.Add(member.Id);
            }
            else
            {
                waiting.Add(member.Id);
            }
        }

        pool.Raise(new MembersRecovered(pool.MasterId, recovered, waiting));
    }

    /// <summary>XAPI's answer (the hosts that accepted) is the effect; the members' new master is PoolDash's to record.</summary>
    internal override bool ShownBy(PoolState pool) => pool.MasterId == MasterId;

    internal override void ApplyConfirmed(PoolState pool) => Apply(pool);

    internal override bool IsSatisfied(PoolState pool) =>
        pool.MasterId == MasterId
        && pool.Hosts.Values.All(h => h.Id == pool.MasterId || !h.IsLive || h.Following == pool.MasterId);
}
