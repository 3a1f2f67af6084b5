using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Errors;

/// <summary>The refusals of the gates around the pool: role, typed confirmation, second person.</summary>
public static partial class Xapi
{
    public static XapiError PermissionDenied(string operation, Role has, Role needs) => new(
        XapiErrorNames.RbacPermissionDenied,
        [operation, $"{operation} needs {Roles.Name(needs)}; your role is {Roles.Name(has)}"],
        $"Your role, {Roles.Name(has)}, does not allow {operation}: it needs {Roles.Name(needs)}.",
        $"Ask a user with the {Roles.Name(needs)} role (or above) to run it, or a Pool Admin to change your role.");

    public static XapiError ConfirmationRequired(string what, string warning) => new(
        XapiErrorNames.ConfirmationRequired,
        [what],
        $"Not confirmed: {what}.",
        string.IsNullOrEmpty(warning)
            ? "Type the target's exact name as PoolDash shows it."
            : $"Type the exact names as PoolDash shows them and acknowledge the guide's warning: {warning}");

    public static XapiError HaPlanNotAcknowledged(Ha.HaImpact impact) => new(
        XapiErrorNames.ConfirmationRequired,
        ["confirmation.acknowledgeHaPlan must be true"],
        $"Not confirmed: confirmation.acknowledgeHaPlan must be true. This step lowers the HA plan: {impact.Cost}.",
        "Send confirmation.acknowledgeHaPlan: true if the pool may tolerate fewer host failures; otherwise make room first.");

    public static XapiError ApprovalPending(Approval approval) => new(
        XapiErrorNames.ApprovalPending,
        [approval.Id.ToString()],
        $"{approval.Command.Operation} on this target already waits for a second Pool Admin (requested by {approval.RequestedBy}).",
        $"Approve or cancel request {approval.Id} rather than asking again.");

    public static XapiError ApprovalNotPending(Approval approval) => new(
        XapiErrorNames.ApprovalNotPending,
        [approval.Id.ToString(), approval.Status.ToString().ToLowerInvariant()],
        approval.DecidedBy is { } by
            ? $"This request was already {approval.Status.ToString().ToLowerInvariant()} by {by} at {approval.DecidedAt:HH:mm:ss}; an approval is used once."
            : $"This request is already {approval.Status.ToString().ToLowerInvariant()}; an approval is used once.",
        "Nothing to do: if the step is still needed, request it again.");

    public static XapiError ApprovalExpired(Approval approval) => new(
        XapiErrorNames.ApprovalExpired,
        [approval.Id.ToString()],
        $"This request expired at {approval.ExpiresAt:HH:mm:ss} before a second Pool Admin approved it.",
        "Check the pool's state again and request the step anew.");

    public static XapiError ApprovalBySelf(Approval approval) => new(
        XapiErrorNames.ApprovalBySelf,
        [approval.Id.ToString(), approval.RequestedBy],
        "You requested this step; the two-person rule needs a different Pool Admin to approve it.",
        "Ask another Pool Admin to approve it from their own sign-in.");

    public static XapiError ApprovalCancelByOther(Approval approval) => new(
        XapiErrorNames.ApprovalCancelByOther,
        [approval.Id.ToString(), approval.RequestedBy],
        $"Only {approval.RequestedBy}, who requested this step, can cancel it.",
        "Let it expire, or ask the requester to cancel it.");
}
