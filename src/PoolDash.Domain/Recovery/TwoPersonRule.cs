using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>Ours: turn the pool's two-person rule on. Turning a safeguard on needs nobody else.</summary>
public sealed record EnableTwoPersonRule(Guid PoolId) : PoolCommand
{
    public override string Operation => Operations.TwoPersonRuleEnable;

    public override Guid TargetId => PoolId;

    internal override XapiError? Check(PoolState pool) => null;

    internal override void Apply(PoolState pool) => TwoPersonRuleCommands.Set(pool, true);

    internal override bool IsSatisfied(PoolState pool) => pool.TwoPersonRule;
}

/// <summary>Ours: turn the pool's two-person rule off. While it is on, this itself waits for a second Pool Admin, so
/// no one person can remove the safeguard and then act alone.</summary>
public sealed record DisableTwoPersonRule(Guid PoolId) : PoolCommand
{
    public override string Operation => Operations.TwoPersonRuleDisable;

    public override Guid TargetId => PoolId;

    internal override XapiError? Check(PoolState pool) => null;

    internal override void Apply(PoolState pool) => TwoPersonRuleCommands.Set(pool, false);

    internal override bool IsSatisfied(PoolState pool) => !pool.TwoPersonRule;
}

internal static class TwoPersonRuleCommands
{
    public static void Set(PoolState pool, bool enabled)
    {
        pool.TwoPersonRule = enabled;
        pool.Raise(new TwoPersonRuleChanged(enabled));
    }
}
