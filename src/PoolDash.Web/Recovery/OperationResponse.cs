namespace PoolDash.Web.Recovery;

/// <param name="Outcome"><c>performed</c>; <c>already-done</c> with who did it and when; <c>pending</c> (202) with the
/// approval a second Pool Admin must give; or <c>cancelled</c>.</param>
/// <param name="Approval">The two-person request, when one is involved.</param>
public sealed record OperationResponse(string Outcome, string? By, DateTimeOffset? At, ApprovalView? Approval = null);
