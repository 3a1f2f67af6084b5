using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using PoolDash.Domain.Events;
using PoolDash.Web.Audit;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Incidents;

/// <summary>
/// The incidents, open and recent, over their stored rows. Every change — opened, severity moved, acknowledged,
/// resolved — is stored with its audit entry in one transaction, then pushed to the pool's hub group
/// (<c>IncidentChanged</c>) and to the pages (<see cref="Changed"/>).
/// </summary>
internal sealed class IncidentBook(
    DbContextOptions<PoolDashDb> options,
    PoolStore store,
    PoolRegistry registry,
    IHubContext<PoolHub> hub,
    TimeProvider time,
    ILogger<IncidentBook> logger)
{
    public const string OperationTrigger = "incident-trigger";
    public const string OperationUpdate = "incident-update";
    public const string OperationAcknowledge = Domain.Recovery.Operations.IncidentAcknowledge;
    public const string OperationResolve = Domain.Recovery.Operations.IncidentResolve;
    public const string OperationEscalate = "incident-escalate";

    private readonly ConcurrentDictionary<Guid, IncidentRecord> _all = new();

    /// <summary>An incident of this pool was opened or changed.</summary>
    public event Action<Guid>? Changed;

    /// <summary>A change was stored, with what it owes the notification channels.</summary>
    public event Action? Saved;

    public IReadOnlyList<IncidentRecord> List(Guid? poolId, string? state) =>
        [.. _all.Values.Where(i => (poolId is null || i.PoolId == poolId) && (state is null || i.State == state)).OrderByDescending(i => i.OpenedAt)];

    public IncidentRecord? Find(Guid id) => _all.GetValueOrDefault(id);

    public string PoolName(Guid poolId) => registry.Find(poolId)?.Name ?? poolId.ToString();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            foreach (var record in await db.Incidents.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                _all[record.Id] = record;
            }
        }
    }

    /// <summary>What a pool event does to its pool's incidents (see <see cref="IncidentRules"/>).</summary>
    public async Task TrackAsync(PoolEvent e)
    {
        if (registry.Find(e.PoolId) is not { } pool)
        {
            return;
        }

        var host = IncidentRules.HostOf(e);
        var open = host is null ? null : _all.Values.FirstOrDefault(i => i.PoolId == e.PoolId && i.HostId == host && i.State != IncidentStates.Resolved);
        if (IncidentRules.Decide(e, pool.Snapshot(), open) is not { } change)
        {
            return;
        }

        var now = e.At;
        var record = change.Kind == IncidentChangeKind.Open
            ? new IncidentRecord
            {
                Id = Guid.NewGuid(),
                PoolId = e.PoolId,
                HostId = change.HostId,
                Subject = change.Subject,
                Severity = change.Severity!,
                Summary = change.Summary,
                VmsAffected = change.VmsAffected,
                OpenedAt = now,
                UpdatedAt = now,
            }
            : Copy(open!);
        string operation;
        switch (change.Kind)
        {
            case IncidentChangeKind.Update:
                record.Severity = change.Severity!;
                record.Summary = change.Summary;
                record.VmsAffected = change.VmsAffected.Length > 0 ? change.VmsAffected : record.VmsAffected;
                operation = OperationUpdate;
                break;
            case IncidentChangeKind.Resolve:
                record.State = IncidentStates.Resolved;
                record.ResolvedBy = AuditDrafts.System;
                record.ResolvedAt = now;
                record.ResolveNote = change.Summary;
                operation = OperationResolve;
                break;
            default:
                operation = OperationTrigger;
                break;
        }

        record.UpdatedAt = now;
        // A severity that moves is news to a channel whose minimum it now reaches, acknowledged or not.
        var told = change.Kind == IncidentChangeKind.Resolve ? Notifications.NotificationStates.Resolved : Notifications.NotificationStates.Triggered;
        await SaveAsync(record, change.Kind == IncidentChangeKind.Open, told,
            new AuditDraft(now, AuditDrafts.System, AuditDrafts.System, record.PoolId, record.HostId, operation, AuditOutcomes.Event,
                $"incident {record.Id}: {record.Severity}: {(change.Kind == IncidentChangeKind.Resolve ? change.Summary : record.Summary)}")).ConfigureAwait(false);
    }

    /// <summary>Nobody acknowledged the incident in time: it goes on to the next escalation order.</summary>
    public async Task EscalateAsync(Guid id)
    {
        if (Find(id) is not { State: IncidentStates.Triggered } found)
        {
            return;
        }

        var record = Copy(found);
        record.EscalationLevel++;
        record.EscalatedAt = record.UpdatedAt = time.GetUtcNow();
        await SaveAsync(record, false, Notifications.NotificationStates.Escalated, new AuditDraft(record.UpdatedAt, AuditDrafts.System, AuditDrafts.System,
            record.PoolId, record.HostId, OperationEscalate, AuditOutcomes.Event,
            $"incident {record.Id}: not acknowledged in time, escalated to order {record.EscalationLevel}: {record.Summary}")).ConfigureAwait(false);
    }

    /// <summary>A person says they are on it: who, when, why. Stops escalation.</summary>
    public Task<IncidentRecord?> AcknowledgeAsync(Guid id, string who, string origin, string note) =>
        DecideAsync(id, who, origin, OperationAcknowledge, note, r =>
        {
            r.State = IncidentStates.Acknowledged;
            r.AcknowledgedBy = who;
            r.AcknowledgedAt = time.GetUtcNow();
            r.AcknowledgeNote = note;
        });

    /// <summary>A person closes the incident, with a note.</summary>
    public Task<IncidentRecord?> ResolveAsync(Guid id, string who, string origin, string note) =>
        DecideAsync(id, who, origin, OperationResolve, note, r =>
        {
            r.State = IncidentStates.Resolved;
            r.ResolvedBy = who;
            r.ResolvedAt = time.GetUtcNow();
            r.ResolveNote = note;
        });

    private async Task<IncidentRecord?> DecideAsync(Guid id, string who, string origin, string operation, string note, Action<IncidentRecord> decide)
    {
        if (Find(id) is not { } found || found.State == IncidentStates.Resolved)
        {
            return null;
        }

        var record = Copy(found);
        decide(record);
        record.UpdatedAt = time.GetUtcNow();
        await SaveAsync(record, false,
            operation == OperationAcknowledge ? Notifications.NotificationStates.Acknowledged : Notifications.NotificationStates.Resolved,
            new AuditDraft(record.UpdatedAt, who, origin, record.PoolId, record.HostId, operation, AuditOutcomes.Performed,
            $"incident {record.Id}: {record.Summary}{(note.Length > 0 ? $" — {note}" : "")}")).ConfigureAwait(false);
        return record;
    }

    /// <param name="told">What the change says to the notification channels; its outbox row commits with the change.</param>
    private async Task SaveAsync(IncidentRecord record, bool isNew, string told, AuditDraft audit)
    {
        var outbox = new Notifications.OutboxRecord
        {
            IncidentId = record.Id,
            State = told,
            Item = Notifications.NotificationItem.Of(record, told, PoolName(record.PoolId)).ToJson(),
            At = record.UpdatedAt,
        };
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            await store.ChangeWithAuditAsync(db, () =>
            {
                if (isNew)
                {
                    db.Incidents.Add(record);
                }
                else
                {
                    db.Incidents.Update(record);
                }

                db.NotificationOutbox.Add(outbox);

                return Task.FromResult((true, (IReadOnlyList<AuditDraft>)[audit]));
            }, CancellationToken.None).ConfigureAwait(false);
        }

        _all[record.Id] = record;
        Changed?.Invoke(record.PoolId);
        Saved?.Invoke();
        try
        {
            await hub.Clients.Group(PoolHub.GroupOf(record.PoolId)).SendAsync("IncidentChanged", IncidentView.Of(record)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not push incident {IncidentId} to the hub", record.Id);
        }
    }

    private static IncidentRecord Copy(IncidentRecord r) => new()
    {
        Id = r.Id,
        PoolId = r.PoolId,
        HostId = r.HostId,
        Subject = r.Subject,
        Severity = r.Severity,
        State = r.State,
        Summary = r.Summary,
        VmsAffected = r.VmsAffected,
        OpenedAt = r.OpenedAt,
        UpdatedAt = r.UpdatedAt,
        AcknowledgedBy = r.AcknowledgedBy,
        AcknowledgedAt = r.AcknowledgedAt,
        AcknowledgeNote = r.AcknowledgeNote,
        ResolvedBy = r.ResolvedBy,
        ResolvedAt = r.ResolvedAt,
        ResolveNote = r.ResolveNote,
        EscalationLevel = r.EscalationLevel,
        EscalatedAt = r.EscalatedAt,
    };
}

/// <summary>An incident as the API, the hub and the pages show it.</summary>
public sealed record IncidentView(
    Guid Id,
    Guid PoolId,
    Guid? HostId,
    string Subject,
    string Severity,
    string State,
    string Summary,
    IReadOnlyList<string> VmsAffected,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgeNote,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolveNote)
{
    public static IncidentView Of(IncidentRecord r) => new(r.Id, r.PoolId, r.HostId, r.Subject, r.Severity, r.State, r.Summary,
        r.VmsAffected.Length == 0 ? [] : r.VmsAffected.Split(", "), r.OpenedAt, r.UpdatedAt, r.AcknowledgedBy, r.AcknowledgedAt, r.AcknowledgeNote,
        r.ResolvedBy, r.ResolvedAt, r.ResolveNote);
}
