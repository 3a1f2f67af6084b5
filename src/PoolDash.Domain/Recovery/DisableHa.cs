using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary><c>xe pool-ha-disable</c>.</summary>
public sealed record DisableHa(Guid PoolId) : PoolCommand
{
    public override string Operation => Operations.HaDisable;

    public override Guid TargetId => PoolId;

    internal override XapiError? Check(PoolState pool) => pool.HaEnabled ? null : Xapi.HaNotEnabled();

    internal override void Apply(PoolState pool)
    {
        pool.HaEnabled = false;
        pool.Raise(new HaStateChanged(false));
    }

    internal override bool IsSatisfied(PoolState pool) => !pool.HaEnabled;
}
