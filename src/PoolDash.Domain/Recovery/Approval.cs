using PoolDash.Domain.Errors;

namespace PoolDash.Domain.Recovery;

/// <summary>
/// Gate 4: a step held for a second Pool Admin under the pool's two-person rule. It is decided once — approved by a
/// different Pool Admin before it expires, cancelled by its requester, or expired — and never reused.
/// </summary>
public sealed record Approval(
    Guid Id,
    Guid PoolId,
    PoolCommand Command,
    OperationConfirmation? Confirmation,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    ApprovalStatus Status = ApprovalStatus.Pending,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null)
{
    /// <summary>Whether the pool's two-person rule holds this operation for a second person.</summary>
    public static bool IsNeeded(string operation, bool twoPersonRule) => twoPersonRule && Operations.Get(operation).TwoPersonByDefault;

    public static Approval Request(Guid poolId, PoolCommand command, OperationConfirmation? confirmation, string requestedBy, DateTimeOffset now, TimeSpan lifetime) =>
        new(Guid.NewGuid(), poolId, command, confirmation, requestedBy, now, now + lifetime);

    public bool IsPendingAt(DateTimeOffset now) => Status == ApprovalStatus.Pending && now < ExpiresAt;

    /// <summary>Why <paramref name="approver"/> cannot approve it now, in this order: already approved or cancelled
    /// (a replay), expired (marked so or past its time), the requester themself, a role below Pool Admin.</summary>
    public XapiError? WhyNotApprove(string approver, Role approverRole, DateTimeOffset now)
    {
        if (Status is not ApprovalStatus.Pending and not ApprovalStatus.Expired)
        {
            return Xapi.ApprovalNotPending(this);
        }

        if (Status == ApprovalStatus.Expired || now >= ExpiresAt)
        {
            return Xapi.ApprovalExpired(this);
        }

        if (IsRequester(approver))
        {
            return Xapi.ApprovalBySelf(this);
        }

        return approverRole >= Roles.Approver ? null : Xapi.PermissionDenied("approve " + Command.Operation, approverRole, Roles.Approver);
    }

    public XapiError? WhyNotCancel(string by, DateTimeOffset now)
    {
        if (Status is not ApprovalStatus.Pending and not ApprovalStatus.Expired)
        {
            return Xapi.ApprovalNotPending(this);
        }

        if (Status == ApprovalStatus.Expired || now >= ExpiresAt)
        {
            return Xapi.ApprovalExpired(this);
        }

        return IsRequester(by) ? null : Xapi.ApprovalCancelByOther(this);
    }

    public Approval Decided(ApprovalStatus status, string by, DateTimeOffset at) => this with { Status = status, DecidedBy = by, DecidedAt = at };

    private bool IsRequester(string user) => string.Equals(user, RequestedBy, StringComparison.OrdinalIgnoreCase);
}
