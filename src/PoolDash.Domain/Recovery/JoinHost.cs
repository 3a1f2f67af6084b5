using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>A freshly installed host joins as a member. A forgotten id can never come back.</summary>
public sealed record JoinHost(Guid HostId, string Name, string Address, long MemoryMiB) : PoolCommand
{
    public override string Operation => Operations.HostJoin;

    public override Guid TargetId => HostId;

    internal override XapiError? Check(PoolState pool)
    {
        if (pool.HaEnabled)
        {
            return Xapi.HaIsEnabled();
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            return Xapi.InvalidValue("name", Name ?? "");
        }

        if (MemoryMiB <= 0)
        {
            return Xapi.InvalidValue("memory", MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (pool.ForgottenHostIds.Contains(HostId))
        {
            return Xapi.JoiningHostWasForgotten(HostId);
        }

        return pool.Hosts.ContainsKey(HostId) ? Xapi.JoiningHostAlreadyInPool(HostId) : null;
    }

    internal override void Apply(PoolState pool)
    {
        var host = new HostState(HostId, Name, Address, MemoryMiB, HostRole.Member) { Following = pool.MasterId };
        host.StartGrace(pool.NowTicks);
        pool.Hosts.Add(HostId, host);
        pool.HostsChanged();
        pool.Raise(new HostJoined(HostId, Name));
    }

    internal override bool IsSatisfied(PoolState pool) => pool.Hosts.ContainsKey(HostId);
}
