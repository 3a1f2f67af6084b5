using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Recovery;

/// <summary>What became of an operation that went through the gates: performed, already done (by whom), refused at
/// a gate with XAPI's error, held for a second Pool Admin, or sent to a connected pool that has not shown it.</summary>
internal sealed record OperationOutcome(OperationStatus Status, Gate? Gate, XapiError? Error, AppliedCommand? Earlier, Approval? Approval)
{
    /// <summary>What the pool said beyond "done" (the hosts <c>pool.recover_slaves</c> reached).</summary>
    public string? Note { get; init; }

    public static OperationOutcome NotSeen(XapiError error, Approval? approval) => new(OperationStatus.NotSeen, null, error, null, approval);

    public static OperationOutcome Refused(Gate gate, XapiError error) => new(OperationStatus.Refused, gate, error, null, null);

    public static OperationOutcome Pending(Approval approval) => new(OperationStatus.Pending, null, null, null, approval);

    public static OperationOutcome Of(CommandResult result, Approval? approval = null) => result.Outcome switch
    {
        CommandOutcome.Performed => new(OperationStatus.Performed, null, null, null, approval),
        CommandOutcome.AlreadyDone => new(OperationStatus.AlreadyDone, null, null, result.Earlier, approval),
        _ => Refused(Recovery.Gate.State, result.Error!),
    };
}

internal enum OperationStatus
{
    Performed,
    AlreadyDone,
    Refused,
    Pending,
    Cancelled,

    /// <summary>Sent to a connected pool, which has not shown its effect (or the call got no answer): check the pool.</summary>
    NotSeen,
}
