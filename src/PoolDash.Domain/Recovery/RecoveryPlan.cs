using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>
/// The guide's runbook for a dead member, computed from the pool's state: a view, not a script. Each step's actions
/// run as their own gated operations, and the plan is recomputed as the state changes.
/// </summary>
/// <param name="DeclareDead">The modern shortcut (steps 2–3 in one), offered beside the plan.</param>
public sealed record RecoveryPlan(
    Guid HostId,
    string HostName,
    Liveness Liveness,
    bool IsPoolMaster,
    IReadOnlyList<RecoveryStep> Steps,
    PlanAction? DeclareDead)
{
    public bool IsComplete => Steps.All(s => s.Status == StepStatus.Done);
}
