using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Recovery;

/// <summary>A two-person request as the API and the pages show it.</summary>
public sealed record ApprovalView(
    Guid Id,
    Guid PoolId,
    string Operation,
    Guid TargetId,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    string Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string ApproveWith)
{
    public static ApprovalView Of(Approval approval) => new(
        approval.Id, approval.PoolId, approval.Command.Operation, approval.Command.TargetId, approval.RequestedBy, approval.RequestedAt,
        approval.ExpiresAt, approval.Status.ToString().ToLowerInvariant(), approval.DecidedBy, approval.DecidedAt, $"POST /api/v1/approvals/{approval.Id}");
}
