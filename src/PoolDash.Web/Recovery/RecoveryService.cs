using Microsoft.Extensions.Options;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Recovery;

/// <summary>
/// Every operator step, from a page or the API, through the four gates in DESIGN.md's order — role, the pool's state
/// now, typed confirmation, second person — and then the domain, which serializes it and re-checks its
/// preconditions. Each attempt is an audit entry whatever stops it; a performed step and its entry are stored in one
/// transaction before the caller is told. A repeat of what already happened is answered with who did it.
/// </summary>
// The lock is never disposed: it has no wait handle to free, and it lives as long as the app.
#pragma warning disable CA1001
internal sealed class RecoveryService(
    PoolRegistry registry,
    PoolEventStream stream,
    LivenessMonitor monitor,
    PoolStore store,
    ApprovalBook approvals,
    UserDirectory users,
    IOptions<PoolDashOptions> options,
    TimeProvider time)
#pragma warning restore CA1001
{
    // One decision at a time: two people approving (or requesting) the same step at once get one execution and one
    // clear answer, never two executions.
    private readonly SemaphoreSlim _decisions = new(1, 1);

    public async Task<OperationOutcome> RequestAsync(Guid poolId, PoolCommand command, OperationConfirmation? confirmation, Operator who, string origin,
        CancellationToken cancellationToken)
    {
        await _decisions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await GatesAsync(poolId, command, confirmation, who, origin, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            var pool = registry.Find(poolId)!;
            var now = time.GetUtcNow();
            if (Approval.IsNeeded(command.Operation, pool.Snapshot().TwoPersonRule))
            {
                if (approvals.PendingLike(poolId, command, now) is { } waiting)
                {
                    return await RefuseAsync(Gate.Approval, Xapi.ApprovalPending(waiting), poolId, command, who.Name, origin, cancellationToken).ConfigureAwait(false);
                }

                var approval = Approval.Request(poolId, command, confirmation, who.Name, now, TimeSpan.FromMinutes(options.Value.Approvals.ExpiryMinutes));
                await store.AppendAuditAsync(ApprovalBook.ToRecord(approval),
                    [AuditDrafts.OfApproval(now, who.Name, origin, approval, "pending", $"waits for a second Pool Admin until {approval.ExpiresAt:O}")],
                    cancellationToken).ConfigureAwait(false);
                approvals.Put(approval);
                return OperationOutcome.Pending(approval);
            }

            return OperationOutcome.Of(await ExecuteAsync(poolId, command, who.Name, origin, null, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _decisions.Release();
        }
    }

    /// <summary>A second Pool Admin approves a pending request: their own gate (not the requester, Pool Admin, in
    /// time, not decided yet), then every gate again for the requester's step as the pool is now.</summary>
    public async Task<OperationOutcome> ApproveAsync(Guid approvalId, Operator approver, string origin, CancellationToken cancellationToken)
    {
        await _decisions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (approvals.Find(approvalId) is not { } approval)
            {
                return await RefuseAsync(Gate.Request, Xapi.UuidInvalid("approval", approvalId), null, null, approver.Name, origin, cancellationToken).ConfigureAwait(false);
            }

            if (approval.WhyNotApprove(approver.Name, approver.Role, now) is { } denied)
            {
                return await RefuseAsync(Gate.Approval, denied, approval.PoolId, approval.Command, approver.Name, origin, cancellationToken).ConfigureAwait(false);
            }

            // The requester's role is read again: a demoted or deleted requester's step does not run.
            var requester = await users.FindAsync(approval.RequestedBy).ConfigureAwait(false) ?? new Operator(approval.RequestedBy, Role.ReadOnly);
            if (await GatesAsync(approval.PoolId, approval.Command, approval.Confirmation, requester, origin, cancellationToken, approvedBy: approver.Name).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            var decided = approval.Decided(ApprovalStatus.Approved, approver.Name, now);
            var result = await ExecuteAsync(approval.PoolId, approval.Command, approval.RequestedBy, origin, decided, cancellationToken,
                AuditDrafts.OfApproval(now, approver.Name, origin, decided, "approved", $"approved the request of {approval.RequestedBy}")).ConfigureAwait(false);
            approvals.Put(decided);
            return OperationOutcome.Of(result, decided);
        }
        finally
        {
            _decisions.Release();
        }
    }

    /// <summary>Marks every request whose time ran out as expired, each with its audit entry.</summary>
    public async Task ExpireLapsedAsync(CancellationToken cancellationToken)
    {
        await _decisions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            foreach (var approval in approvals.Lapsed(now))
            {
                var expired = approval.Decided(ApprovalStatus.Expired, AuditDrafts.System, now);
                await store.AppendAuditAsync(ApprovalBook.ToRecord(expired),
                    [AuditDrafts.OfApproval(now, AuditDrafts.System, AuditDrafts.System, expired, "expired", $"no second Pool Admin approved the request of {approval.RequestedBy} in time")],
                    cancellationToken).ConfigureAwait(false);
                approvals.Put(expired);
            }
        }
        finally
        {
            _decisions.Release();
        }
    }

    /// <summary>The requester withdraws a pending request.</summary>
    public async Task<OperationOutcome> CancelAsync(Guid approvalId, Operator who, string origin, CancellationToken cancellationToken)
    {
        await _decisions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (approvals.Find(approvalId) is not { } approval)
            {
                return await RefuseAsync(Gate.Request, Xapi.UuidInvalid("approval", approvalId), null, null, who.Name, origin, cancellationToken).ConfigureAwait(false);
            }

            if (approval.WhyNotCancel(who.Name, now) is { } denied)
            {
                return await RefuseAsync(Gate.Approval, denied, approval.PoolId, approval.Command, who.Name, origin, cancellationToken).ConfigureAwait(false);
            }

            var cancelled = approval.Decided(ApprovalStatus.Cancelled, who.Name, now);
            await store.AppendAuditAsync(ApprovalBook.ToRecord(cancelled),
                [AuditDrafts.OfApproval(now, who.Name, origin, cancelled, "cancelled", "withdrawn by the requester")], cancellationToken).ConfigureAwait(false);
            approvals.Put(cancelled);
            return new OperationOutcome(OperationStatus.Cancelled, null, null, null, cancelled);
        }
        finally
        {
            _decisions.Release();
        }
    }

    /// <summary>Gates 1 to 3; null when the step may go on. A state refusal (or a repeat) is answered by the domain
    /// itself, so it is audited with the domain's own words.</summary>
    private async Task<OperationOutcome?> GatesAsync(Guid poolId, PoolCommand command, OperationConfirmation? confirmation, Operator who, string origin,
        CancellationToken cancellationToken, string? approvedBy = null)
    {
        if (registry.Find(poolId) is not { } pool)
        {
            return await RefuseAsync(Gate.Request, Xapi.UuidInvalid("pool", poolId), poolId, command, who.Name, origin, cancellationToken).ConfigureAwait(false);
        }

        if (Roles.Check(who.Role, command.Operation) is { } role)
        {
            return await RefuseAsync(Gate.Role, role, poolId, command, approvedBy ?? who.Name, origin, cancellationToken).ConfigureAwait(false);
        }

        if (pool.WhyNot(command) is not null)
        {
            return OperationOutcome.Of(await ExecuteAsync(poolId, command, who.Name, origin, null, cancellationToken).ConfigureAwait(false));
        }

        if (Confirmations.Check(pool.Snapshot(), command, confirmation) is { } unconfirmed)
        {
            return await RefuseAsync(Gate.Confirmation, unconfirmed, poolId, command, approvedBy ?? who.Name, origin, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<OperationOutcome> RefuseAsync(Gate gate, XapiError error, Guid? poolId, PoolCommand? command, string actor, string origin,
        CancellationToken cancellationToken)
    {
        await store.AppendAuditAsync([new AuditDraft(time.GetUtcNow(), actor, origin, poolId, command?.TargetId, command?.Operation ?? "approve", "refused",
            AuditDrafts.Refusal(gate, error))], cancellationToken).ConfigureAwait(false);
        return OperationOutcome.Refused(gate, error);
    }

    /// <summary>The domain runs the command; a performed one is stored (with the approval that let it through) before
    /// this returns, so what an operator was told is done survives a crash of PoolDash.</summary>
    private async Task<CommandResult> ExecuteAsync(Guid poolId, PoolCommand command, string actor, string origin, Approval? approval,
        CancellationToken cancellationToken, AuditDraft? approvalEntry = null)
    {
        var pool = registry.Find(poolId)!;
        var result = pool.Execute(command, actor);
        var attempt = AuditDrafts.Attempt(time.GetUtcNow(), actor, origin, poolId, command, result, approval?.DecidedBy);
        IReadOnlyList<AuditDraft> audit = approvalEntry is null ? [attempt] : [approvalEntry, attempt];
        var record = approval is null ? null : ApprovalBook.ToRecord(approval);
        if (result.Outcome == CommandOutcome.Performed)
        {
            // The new state, the approval that let it through, and the entries that record them commit together.
            await store.SaveAsync(pool, record, audit, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await store.AppendAuditAsync(record, audit, cancellationToken).ConfigureAwait(false);
        }

        stream.Publish(result.Events);
        if (result.Outcome == CommandOutcome.Performed)
        {
            // A join or a revival moves deadlines; the monitor re-plans its sleep.
            monitor.Wake();
        }

        return result;
    }
}
