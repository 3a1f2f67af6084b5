namespace PoolDash.Web.Recovery;

/// <param name="Outcome"><c>performed</c>; <c>already-done</c> with who did it and when; <c>pending</c> (202) with the
/// approval a second Pool Admin must give; <c>cancelled</c>; or on a connected pool <c>sent-not-seen</c> (202): sent,
/// and the pool has not shown its effect (check the pool).</param>
/// <param name="Approval">The two-person request, when one is involved.</param>
/// <param name="Message">What the pool said beyond "done" (the hosts recover-slaves reached), or why a step sent to it
/// is not seen, with what to do.</param>
public sealed record OperationResponse(string Outcome, string? By, DateTimeOffset? At, ApprovalView? Approval = null, string? Message = null);
