using Microsoft.Extensions.Options;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Recovery;

/// <summary>
/// Every operator step, from a page or the API, through the four gates in DESIGN.md's order — role, the pool's state
/// now, typed confirmation, second person — and then the domain, which re-checks its preconditions. Steps are
/// serialized per pool. Each attempt is an audit entry whatever stops it; a performed step and its entry are stored
/// in one transaction before the caller is told. A repeat of what already happened is answered with who did it.
/// </summary>
/// <remarks>
/// The caller's token can stop the wait for the pool's turn and nothing after it: once a gate has decided or the
/// domain has changed state, the decision is stored and audited (and the pool has already published its events)
/// even if the caller has gone. A store that fails then keeps the audit entries for its next write and the persister
/// saves the pool on its events, so nothing stops the pool's stream.
/// </remarks>
internal sealed class RecoveryService(
    PoolRegistry registry,
    LivenessMonitor monitor,
    PoolStore store,
    ApprovalBook approvals,
    UserDirectory users,
    IOptions<PoolDashOptions> options,
    PoolTurns turns,
    XapiPools.ConnectedPools connected,
    XapiPools.XapiSteps steps,
    TimeProvider time,
    ILogger<RecoveryService> logger)
{

    /// <param name="whenPerformed">Runs once the domain performed the step and before it is stored (a join issues the
    /// new host's token here, so the token's hash is stored with the host).</param>
    public async Task<OperationOutcome> RequestAsync(Guid poolId, PoolCommand command, OperationConfirmation? confirmation, Operator who, string origin,
        CancellationToken cancellationToken, Action? whenPerformed = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        XapiPools.XapiStep sent;
        using (await turns.TakeAsync(poolId, cancellationToken).ConfigureAwait(false))
        {
            if (await GatesAsync(poolId, command, confirmation, who, origin) is { } refused)
            {
                return refused;
            }

            var pool = registry.Find(poolId)!;
            var now = time.GetUtcNow();
            if (Approval.IsNeeded(command.Operation, pool.Snapshot().TwoPersonRule))
            {
                if (approvals.PendingLike(poolId, command, now) is { } waiting)
                {
                    return await RefuseAsync(Gate.Approval, Xapi.ApprovalPending(waiting), poolId, command, who.Name, origin).ConfigureAwait(false);
                }

                var approval = Approval.Request(poolId, command, confirmation, who.Name, now, TimeSpan.FromMinutes(options.Value.Approvals.ExpiryMinutes));
                await WriteAsync(null, ApprovalBook.ToRecord(approval),
                    [AuditDrafts.OfApproval(now, who.Name, origin, approval, AuditOutcomes.Pending, $"waits for a second Pool Admin until {approval.ExpiresAt:O}")])
                    .ConfigureAwait(false);
                approvals.Put(approval);
                return OperationOutcome.Pending(approval);
            }

            if (!steps.CarriesOut(poolId, command))
            {
                return OperationOutcome.Of(await ExecuteAsync(poolId, command, who.Name, origin, null, whenPerformed).ConfigureAwait(false));
            }

            sent = await SendToPoolAsync(poolId, command, who.Name, origin, null, null).ConfigureAwait(false);
        }

        // The pool's turn is not held while the pool works: the persister and other pools' steps go on meanwhile.
        return await FinishOnPoolAsync(sent, null).ConfigureAwait(false);
    }

    /// <summary>A second Pool Admin approves a pending request: their own gate (not the requester, Pool Admin, in
    /// time, not decided yet), then every gate again for the requester's step as the pool is now.</summary>
    public async Task<OperationOutcome> ApproveAsync(Guid approvalId, Operator approver, string origin, CancellationToken cancellationToken)
    {
        if (approvals.Find(approvalId) is not { } found)
        {
            return await RefuseAsync(Gate.Request, Xapi.UuidInvalid("approval", approvalId), null, null, approver.Name, origin).ConfigureAwait(false);
        }

        XapiPools.XapiStep sent;
        Approval decided;
        using (await turns.TakeAsync(found.PoolId, cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            var approval = approvals.Find(approvalId)!;
            if (approval.WhyNotApprove(approver.Name, approver.Role, now) is { } denied)
            {
                return await RefuseAsync(Gate.Approval, denied, approval.PoolId, approval.Command, approver.Name, origin).ConfigureAwait(false);
            }

            // The requester's role is read again: a demoted or deleted requester's step does not run.
            var requester = await users.FindAsync(approval.RequestedBy).ConfigureAwait(false) ?? new Operator(approval.RequestedBy, Role.ReadOnly);
            if (await GatesAsync(approval.PoolId, approval.Command, approval.Confirmation, requester, origin, approvedBy: approver.Name) is { } refused)
            {
                return refused;
            }

            decided = approval.Decided(ApprovalStatus.Approved, approver.Name, now);
            var approvedEntry = AuditDrafts.OfApproval(now, approver.Name, origin, decided, AuditOutcomes.Approved, $"approved the request of {approval.RequestedBy}");
            if (!steps.CarriesOut(approval.PoolId, approval.Command))
            {
                var result = await ExecuteAsync(approval.PoolId, approval.Command, approval.RequestedBy, origin, decided, null, approvedEntry).ConfigureAwait(false);
                approvals.Put(decided);
                return OperationOutcome.Of(result, decided);
            }

            sent = await SendToPoolAsync(approval.PoolId, approval.Command, approval.RequestedBy, origin, decided, approvedEntry).ConfigureAwait(false);
            approvals.Put(decided);
        }

        return await FinishOnPoolAsync(sent, decided).ConfigureAwait(false);
    }

    /// <summary>Marks every request whose time ran out as expired, each with its audit entry.</summary>
    public async Task ExpireLapsedAsync(CancellationToken cancellationToken)
    {
        foreach (var poolId in approvals.Lapsed(time.GetUtcNow()).Select(a => a.PoolId).Distinct().ToList())
        {
            using var turn = await turns.TakeAsync(poolId, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            foreach (var approval in approvals.Lapsed(now).Where(a => a.PoolId == poolId))
            {
                var expired = approval.Decided(ApprovalStatus.Expired, AuditDrafts.System, now);
                await WriteAsync(null, ApprovalBook.ToRecord(expired),
                    [AuditDrafts.OfApproval(now, AuditDrafts.System, AuditDrafts.System, expired, AuditOutcomes.Expired,
                        $"no second Pool Admin approved the request of {approval.RequestedBy} in time")]).ConfigureAwait(false);
                approvals.Put(expired);
            }
        }
    }

    /// <summary>The requester withdraws a pending request.</summary>
    public async Task<OperationOutcome> CancelAsync(Guid approvalId, Operator who, string origin, CancellationToken cancellationToken)
    {
        if (approvals.Find(approvalId) is not { } found)
        {
            return await RefuseAsync(Gate.Request, Xapi.UuidInvalid("approval", approvalId), null, null, who.Name, origin).ConfigureAwait(false);
        }

        using var turn = await turns.TakeAsync(found.PoolId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var approval = approvals.Find(approvalId)!;
        if (approval.WhyNotCancel(who.Name, now) is { } denied)
        {
            return await RefuseAsync(Gate.Approval, denied, approval.PoolId, approval.Command, who.Name, origin).ConfigureAwait(false);
        }

        var cancelled = approval.Decided(ApprovalStatus.Cancelled, who.Name, now);
        await WriteAsync(null, ApprovalBook.ToRecord(cancelled),
            [AuditDrafts.OfApproval(now, who.Name, origin, cancelled, AuditOutcomes.Cancelled, "withdrawn by the requester")]).ConfigureAwait(false);
        approvals.Put(cancelled);
        return new OperationOutcome(OperationStatus.Cancelled, null, null, null, cancelled);
    }

    /// <summary>Gate 1 alone, for a change that is not a pool command (bringing a pool in): a refusal is audited like
    /// every other gate's.</summary>
    public async Task<XapiError?> RoleGateAsync(Guid poolId, string operation, Guid targetId, Operator who, string origin)
    {
        if (Roles.Check(who.Role, operation) is not { } denied)
        {
            return null;
        }

        await RecordRefusalAsync(Gate.Role, denied, poolId, operation, targetId, who.Name, origin).ConfigureAwait(false);
        return denied;
    }

    /// <summary>Gates 1 to 3; null when the step may go on. The state gate is the domain's own refusal, which never
    /// performs: whatever the liveness sweep does meanwhile, a step that was refused here cannot run past the later
    /// gates, and one that could run still meets them.</summary>
    private async Task<OperationOutcome?> GatesAsync(Guid poolId, PoolCommand command, OperationConfirmation? confirmation, Operator who, string origin,
        string? approvedBy = null)
    {
        if (registry.Find(poolId) is not { } pool)
        {
            return await RefuseAsync(Gate.Request, Xapi.UuidInvalid("pool", poolId), poolId, command, who.Name, origin).ConfigureAwait(false);
        }

        if (Roles.Check(who.Role, command.Operation) is { } role)
        {
            return await RefuseAsync(Gate.Role, role, poolId, command, approvedBy ?? who.Name, origin).ConfigureAwait(false);
        }

        if (connected.WhyNot(poolId, command) is { } mirror)
        {
            return await RefuseAsync(Gate.State, mirror, poolId, command, who.Name, origin).ConfigureAwait(false);
        }

        if (steps.InProgress(poolId, command) is { } running)
        {
            return await RefuseAsync(Gate.State, running, poolId, command, who.Name, origin).ConfigureAwait(false);
        }

        if (pool.Refusal(command, who.Name) is { } stateRefusal)
        {
            await WriteAsync(null, null, [AuditDrafts.Attempt(time.GetUtcNow(), who.Name, origin, poolId, command, stateRefusal)]).ConfigureAwait(false);
            return OperationOutcome.Of(stateRefusal);
        }

        if ((Confirmations.Check(pool.Snapshot(), command, confirmation) ?? Confirmations.CheckHa(pool.HaImpactOf(command), confirmation)) is { } unconfirmed)
        {
            return await RefuseAsync(Gate.Confirmation, unconfirmed, poolId, command, approvedBy ?? who.Name, origin).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<OperationOutcome> RefuseAsync(Gate gate, XapiError error, Guid? poolId, PoolCommand? command, string actor, string origin)
    {
        await RecordRefusalAsync(gate, error, poolId, command?.Operation ?? AuditOutcomes.Approve, command?.TargetId, actor, origin).ConfigureAwait(false);
        return OperationOutcome.Refused(gate, error);
    }

    /// <summary>A refusal at a gate, as an audit entry, for any change to a pool (bringing one in included).</summary>
    public Task RecordRefusalAsync(Gate gate, XapiError error, Guid? poolId, string operation, Guid? targetId, string actor, string origin) =>
        WriteAsync(null, null, [new AuditDraft(time.GetUtcNow(), actor, origin, poolId, targetId, operation, AuditOutcomes.Refused, AuditDrafts.Refusal(gate, error))]);

    /// <summary>The domain runs the command (once every gate has passed); a performed one is stored (with the
    /// approval that let it through) before this returns, so what an operator was told is done survives a crash.</summary>
    private async Task<CommandResult> ExecuteAsync(Guid poolId, PoolCommand command, string actor, string origin, Approval? approval, Action? whenPerformed,
        AuditDraft? approvalEntry = null)
    {
        var pool = registry.Find(poolId)!;
        var result = pool.Execute(command, actor);
        var attempt = AuditDrafts.Attempt(time.GetUtcNow(), actor, origin, poolId, command, result, approval?.DecidedBy);
        IReadOnlyList<AuditDraft> audit = approvalEntry is null ? [attempt] : [approvalEntry, attempt];
        var record = approval is null ? null : ApprovalBook.ToRecord(approval);
        if (result.Outcome == CommandOutcome.Performed)
        {
            whenPerformed?.Invoke();
            // The new state, the approval that let it through, and the entries that record them commit together.
            await WriteAsync(pool, record, audit).ConfigureAwait(false);
            // A join or a revival moves deadlines; the monitor re-plans its sleep.
            monitor.Wake(poolId);
        }
        else
        {
            await WriteAsync(null, record, audit).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>A step for a connected pool: stored as sent, with its audit entry (and the approval that let it
    /// through), before anything goes to the pool.</summary>
    private async Task<XapiPools.XapiStep> SendToPoolAsync(Guid poolId, PoolCommand command, string actor, string origin, Approval? approval,
        AuditDraft? approvalEntry)
    {
        var step = await steps.BeginAsync(poolId, command, actor, origin).ConfigureAwait(false);
        var sent = new AuditDraft(step.SentAt, actor, origin, poolId, command.TargetId, command.Operation, AuditOutcomes.Sent,
            $"XAPI {step.CallText}{(approval?.DecidedBy is { } by ? $", approved by {by}" : "")}: sent, waiting for the pool to show it");
        await WriteAsync(null, approval is null ? null : ApprovalBook.ToRecord(approval), approvalEntry is null ? [sent] : [approvalEntry, sent])
            .ConfigureAwait(false);
        return step;
    }

    /// <summary>The call and the wait (outside the pool's turn), then the end recorded under it: performed once the pool
    /// shows it, the pool's refusal as it gave it, or "not seen — check the pool". The copy changes only with the pool.</summary>
    private async Task<OperationOutcome> FinishOnPoolAsync(XapiPools.XapiStep step, Approval? approval)
    {
        var answer = await steps.SendAsync(step).ConfigureAwait(false);
        using (await turns.TakeAsync(step.PoolId, CancellationToken.None).ConfigureAwait(false))
        {
            if (answer.Refusal is { } refusal)
            {
                await WriteAsync(null, null, [StepEntry(step, step.Actor, step.Origin, AuditOutcomes.Refused, $"{AuditDrafts.Refusal(Gate.Pool, refusal)} · XAPI {step.CallText}")]).ConfigureAwait(false);
                await steps.EndAsync(step, XapiPools.XapiStepRecord.Refused).ConfigureAwait(false);
                return OperationOutcome.Refused(Gate.Pool, refusal) with { Approval = approval };
            }

            var shown = $"the pool shows it{(answer.Said is null ? "" : $"; {answer.Said}")}{(approval?.DecidedBy is { } by ? $", approved by {by}" : "")}";
            if (answer.IsShown && await ConfirmAsync(step, shown).ConfigureAwait(false))
            {
                return new OperationOutcome(OperationStatus.Performed, null, null, null, approval) { Note = answer.Said };
            }

            var notSeen = answer.NotSeen ?? XapiPools.PoolRefusals.NotShown(step.CallText, XapiPools.XapiSteps.ShowWithin);
            await WriteAsync(null, null, [StepEntry(step, step.Actor, step.Origin, AuditOutcomes.NotSeen, $"{notSeen} · {notSeen.Message}")]).ConfigureAwait(false);
            await steps.EndAsync(step, XapiPools.XapiStepRecord.NotSeen).ConfigureAwait(false);
            return OperationOutcome.NotSeen(notSeen, approval);
        }
    }

    /// <summary>Steps the pool had not shown when nobody waited any more (not seen in time, or sent before PoolDash
    /// stopped): the pool's state now decides. Called as the pool is read.</summary>
    public async Task ReconsiderAsync(Guid poolId, bool poolReadSinceStart)
    {
        var unattended = steps.Unattended(poolId);
        if (unattended.Count == 0 || registry.Find(poolId) is not { } pool)
        {
            return;
        }

        using (await turns.TakeAsync(poolId, CancellationToken.None).ConfigureAwait(false))
        {
            foreach (var step in unattended)
            {
                if (pool.Shows(step.Command))
                {
                    await ConfirmAsync(step, $"the pool shows it (sent at {step.SentAt:O}, seen later)").ConfigureAwait(false);
                }
                else if (step.FromBeforeRestart && poolReadSinceStart)
                {
                    var notSeen = XapiPools.PoolRefusals.NotShown(step.CallText, time.GetUtcNow() - step.SentAt);
                    await WriteAsync(null, null, [StepEntry(step, AuditDrafts.System, AuditDrafts.System, AuditOutcomes.NotSeen, $"{notSeen} · sent by {step.Actor} before PoolDash stopped; {notSeen.Message}")])
                        .ConfigureAwait(false);
                    await steps.EndAsync(step, XapiPools.XapiStepRecord.NotSeen).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// An operator checked the pool and says a step it has not shown did not happen: PoolDash stops waiting for it (it
    /// is not sent again either way). Only once the step is not in flight; by someone who may run that step; audited.
    /// </summary>
    public async Task<XapiError?> DismissNotSeenAsync(Guid poolId, Guid stepId, Operator who, string origin, string note)
    {
        ArgumentNullException.ThrowIfNull(who);
        using (await turns.TakeAsync(poolId, CancellationToken.None).ConfigureAwait(false))
        {
            if (steps.FindOpen(poolId, stepId) is not { } step || (step.Status == XapiPools.XapiStepRecord.Sent && !step.FromBeforeRestart))
            {
                return Xapi.UuidInvalid("step not seen by the pool", stepId);
            }

            if (Roles.Check(who.Role, step.Command.Operation) is { } denied)
            {
                await RecordRefusalAsync(Gate.Role, denied, poolId, step.Command.Operation, step.Command.TargetId, who.Name, origin).ConfigureAwait(false);
                return denied;
            }

            await WriteAsync(null, null, [StepEntry(step, who.Name, origin, AuditOutcomes.NotSeen, $"XAPI {step.CallText} sent by {step.Actor} at {step.SentAt:O}: checked on the pool, it did not happen{(note.Length > 0 ? $" — {note}" : "")}; no longer waited for")])
                .ConfigureAwait(false);
            await steps.EndAsync(step, XapiPools.XapiStepRecord.Dismissed).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>An audit entry about a step sent to the pool, in its own words (by whoever acts now).</summary>
    private AuditDraft StepEntry(XapiPools.XapiStep step, string actor, string origin, string outcome, string detail) =>
        new(time.GetUtcNow(), actor, origin, step.PoolId, step.Command.TargetId, step.Command.Operation, outcome, detail);

    /// <summary>The pool shows the step: it is recorded as performed by whoever sent it, stored with its entry.</summary>
    private async Task<bool> ConfirmAsync(XapiPools.XapiStep step, string detail)
    {
        var pool = registry.Find(step.PoolId)!;
        if (pool.Confirm(step.Command, step.Actor) is null)
        {
            return false;
        }

        await WriteAsync(pool, null, [StepEntry(step, step.Actor, step.Origin, AuditOutcomes.Performed, $"XAPI {step.CallText}: {detail}")]).ConfigureAwait(false);
        await steps.EndAsync(step, XapiPools.XapiStepRecord.Done).ConfigureAwait(false);
        monitor.Wake(step.PoolId);
        return true;
    }

    /// <summary>Stores what was decided, whatever happens to the caller. A failed write is not the caller's to see:
    /// the store keeps the entries for its next write and the persister saves the pool on its events.</summary>
    private async Task WriteAsync(Domain.Pools.Pool? pool, ApprovalRecord? approval, IReadOnlyList<AuditDraft> audit)
    {
        try
        {
            if (pool is null)
            {
                await store.AppendAuditAsync(approval, audit, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await store.SaveAsync(pool, approval, audit, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not store {Count} audit entries now; they are kept and written with the store's next write", audit.Count);
        }
    }
}
