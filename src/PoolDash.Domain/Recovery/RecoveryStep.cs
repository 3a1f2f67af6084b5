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
    IReadOnlyList<PlanAction> Actions)
{
    /// <summary>Why a step that could run waits (an earlier step is not done), in words; null when it does not wait.</summary>
    public string? WaitingFor { get; init; }

    /// <summary>Step 1's attestation, once a person has vouched that the host is off.</summary>
    public Pools.HostAttestation? Attestation { get; init; }
}
