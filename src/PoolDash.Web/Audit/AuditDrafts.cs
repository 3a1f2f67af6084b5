using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Audit;

/// <summary>What goes into the audit trail: every operator attempt, and the events PoolDash caused itself.</summary>
internal static class AuditDrafts
{
    public const string System = "system";

    /// <param name="approvedBy">The second Pool Admin who let a two-person step through.</param>
    public static AuditDraft Attempt(DateTimeOffset at, string actor, string origin, Guid poolId, PoolCommand command, CommandResult result, string? approvedBy = null) =>
        new(at, actor, origin, poolId, command.TargetId, command.Operation,
            result.Outcome switch
            {
                CommandOutcome.Performed => AuditOutcomes.Performed,
                CommandOutcome.AlreadyDone => AuditOutcomes.AlreadyDone,
                _ => AuditOutcomes.Refused,
            },
            result.Outcome switch
            {
                CommandOutcome.Refused => Refusal(Recovery.Gate.State, result.Error!),
                CommandOutcome.AlreadyDone => $"already done by {result.Earlier!.Actor} at {result.Earlier.At:O}",
                _ => $"{command.Operation} on {command.TargetId}{(command.Details is { } details ? $" ({details})" : "")}{(approvedBy is null ? "" : $", approved by {approvedBy}")}",
            });

    /// <summary>A refusal's detail: the XAPI error first (what a reader filters on), then the gate that gave it.</summary>
    public static string Refusal(Recovery.Gate gate, Domain.Errors.XapiError error) => $"{error} · gate: {gate.ToString().ToLowerInvariant()}";

    /// <summary>The XAPI error name a refusal's detail starts with (see <see cref="Refusal"/>).</summary>
    public static string RefusedWith(string detail) => detail.Split(' ', 2)[0];

    /// <summary>A step of a two-person request: pending, approved, cancelled or expired.</summary>
    public static AuditDraft OfApproval(DateTimeOffset at, string actor, string origin, Approval approval, string outcome, string detail) =>
        new(at, actor, origin, approval.PoolId, approval.Command.TargetId, approval.Command.Operation, outcome, $"approval {approval.Id}: {detail}");

    /// <summary>An event no operator asked for (verdicts, revivals, HA), or null for one that an attempt already records.</summary>
    public static AuditDraft? Automatic(PoolEvent e) => e switch
    {
        // A verdict or a revival; a Suspect host heard from again is not worth an entry, nor is an operator's own
        // declare-dead (its attempt is the entry).
        HostLivenessChanged { To: Liveness.Dead or Liveness.Alive } c
            when (c.From != Liveness.Suspect || c.To == Liveness.Dead) && !EventReasons.IsOperators(c.Reason)
            => Event(e, c.HostId, c.To == Liveness.Dead ? "host-declared-dead" : "host-revived", $"{c.From} → {c.To}: {c.Reason}"),
        HostLivenessChanged { To: Liveness.Isolated } c => Event(e, c.HostId, "host-isolated", $"{c.From} → Isolated: {c.Reason}"),
        MasterChanged { Reason: EventReasons.HaElection } m => Event(e, m.NewMasterId, EventReasons.HaElection, $"old master {m.OldMasterId}"),
        HostDemoted d => Event(e, d.HostId, "host-demoted", $"{DemotedPrefix}{d.MasterId} became master"),
        HaRestartFailed f => Event(e, f.VmId, "ha-restart-failed", f.Reason),
        _ => null,
    };

    private const string DemotedPrefix = "returned after ";

    /// <summary>The master a demoted host found in charge, read back from its entry's detail.</summary>
    public static Guid? DemotedBy(string detail) =>
        detail.StartsWith(DemotedPrefix, StringComparison.Ordinal) && detail.Length >= DemotedPrefix.Length + 36
        && Guid.TryParse(detail.AsSpan(DemotedPrefix.Length, 36), out var master) ? master : null;

    private static AuditDraft Event(PoolEvent e, Guid objectId, string operation, string detail) =>
        new(e.At, System, System, e.PoolId, objectId, operation, AuditOutcomes.Event, detail);
}
