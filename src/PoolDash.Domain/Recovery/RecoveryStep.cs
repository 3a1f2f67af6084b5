using PoolDash.Domain.Errors;

namespace PoolDash.Domain.Recovery;

public sealed record RecoveryStep(
    int Number,
    RecoveryStepKind Kind,
    string Title,
    string Explanation,
    string Warning,
    StepStatus Status,
    XapiError? BlockedBy,
    IReadOnlyList<PlanAction> Actions);
