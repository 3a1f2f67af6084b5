namespace PoolDash.Domain.Ha;

/// <summary>What a step would do to the HA plan: the plan now and the plan once the step ran.</summary>
public sealed record HaImpact(HaPlan Before, HaPlan After)
{
    /// <summary>The step leaves the pool tolerating fewer host failures, or leaves more protected VMs without a place
    /// if the worst host failed.</summary>
    public bool Lowers => After.FailuresTolerated < Before.FailuresTolerated
        || After.NotRestartedIfWorstFails.Count > Before.NotRestartedIfWorstFails.Count;

    /// <summary>What the step costs, in words, as the pages and the API's refusal both say it.</summary>
    public string Cost => $"the pool tolerates {Before.Tolerates} now, {After.Tolerates} after it"
        + (After.NotRestartedIfWorstFails.Count > 0
            ? $"; if {After.WorstHostName} then failed, {string.Join(", ", After.NotRestartedIfWorstFails)} would not restart"
            : "");
}
