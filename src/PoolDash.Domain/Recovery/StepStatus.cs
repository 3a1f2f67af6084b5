namespace PoolDash.Domain.Recovery;

public enum StepStatus
{
    /// <summary>Nothing left to do for this step.</summary>
    Done,

    /// <summary>The next thing to do, and it can be done now.</summary>
    Ready,

    /// <summary>Can be done, but an earlier step is not finished: the guide's order says do that first.</summary>
    Pending,

    /// <summary>Cannot be done now; <see cref="RecoveryStep.BlockedBy"/> says why.</summary>
    Blocked,
}
