using System.Collections.Concurrent;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Persistence;

namespace PoolDash.Web.Recovery;

/// <summary>
/// The two-person requests, decided or not, kept in memory over the stored rows (loaded at start). Pages and the
/// hub hear of every change through <see cref="Changed"/>. Only <see cref="RecoveryService"/> writes here, under its
/// lock, after the row is stored.
/// </summary>
internal sealed class ApprovalBook
{
    private readonly ConcurrentDictionary<Guid, Approval> _all = new();

    /// <summary>A request of this pool was made or decided.</summary>
    public event Action<Guid>? Changed;

    public Approval? Find(Guid id) => _all.GetValueOrDefault(id);

    /// <summary>Requests still waiting, oldest first (an expired one is not waiting, even before the sweep marks it).</summary>
    public IReadOnlyList<Approval> Pending(Guid? poolId, DateTimeOffset now) =>
        [.. _all.Values.Where(a => (poolId is null || a.PoolId == poolId) && a.IsPendingAt(now)).OrderBy(a => a.RequestedAt)];

    /// <summary>Still marked pending but past their time: the sweep records them as expired.</summary>
    public IReadOnlyList<Approval> Lapsed(DateTimeOffset now) =>
        [.. _all.Values.Where(a => a.Status == ApprovalStatus.Pending && now >= a.ExpiresAt)];

    public Approval? PendingLike(Guid poolId, PoolCommand command, DateTimeOffset now) =>
        _all.Values.FirstOrDefault(a => a.PoolId == poolId && a.Command == command && a.IsPendingAt(now));

    public void Load(IEnumerable<ApprovalRecord> records)
    {
        foreach (var record in records)
        {
            if (FromRecord(record) is { } approval)
            {
                _all[approval.Id] = approval;
            }
        }
    }

    public void Put(Approval approval)
    {
        _all[approval.Id] = approval;
        Changed?.Invoke(approval.PoolId);
    }

    public static ApprovalRecord ToRecord(Approval approval)
    {
        var request = OperationRequest.Of(approval.Command, approval.Confirmation);
        return new ApprovalRecord
        {
            Id = approval.Id,
            PoolId = approval.PoolId,
            Operation = request.Operation,
            HostId = request.HostId,
            VmId = request.VmId,
            SrId = request.SrId,
            Master = request.Master,
            ConfirmedTargetName = approval.Confirmation?.TargetName,
            ConfirmedSrName = approval.Confirmation?.SrName,
            WarningAcknowledged = approval.Confirmation?.AcknowledgeWarning ?? false,
            RequestedBy = approval.RequestedBy,
            RequestedAt = approval.RequestedAt,
            ExpiresAt = approval.ExpiresAt,
            Status = approval.Status.ToString(),
            DecidedBy = approval.DecidedBy,
            DecidedAt = approval.DecidedAt,
        };
    }

    private static Approval? FromRecord(ApprovalRecord r)
    {
        var confirmation = new OperationConfirmation(r.ConfirmedTargetName, r.ConfirmedSrName, r.WarningAcknowledged);
        var (command, _) = new OperationRequest(r.Operation, r.HostId, r.VmId, r.SrId, r.Master, confirmation).ToCommand(r.PoolId);
        return command is null || !Enum.TryParse<ApprovalStatus>(r.Status, out var status)
            ? null
            : new Approval(r.Id, r.PoolId, command, confirmation, r.RequestedBy, r.RequestedAt, r.ExpiresAt, status, r.DecidedBy, r.DecidedAt);
    }
}
