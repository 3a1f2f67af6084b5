using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;
using PoolDash.Web.Incidents;

namespace PoolDash.Web.Components.WallScreen;

/// <summary>How bad a pool looks from across the room; the wall draws the worst first and larger.</summary>
public enum WallTrouble
{
    Red,
    Amber,
    Green,
}

/// <summary>One host as its wall tile shows it. A record, so a tile re-renders only when what it shows changed.</summary>
/// <param name="State">The state in words (alive, suspect, isolated, dead, maintenance).</param>
/// <param name="Vms">The host's running VMs by name (for a dead host: those still registered on it).</param>
public sealed record WallHost(Guid Id, string Name, string Role, string State, DateTimeOffset? VerdictAt, int VmCount, string Vms);

/// <summary>An open incident: what, since when, who is on it and why, and how far its recovery plan has got.</summary>
/// <param name="Step">The recovery plan's next step to do (1-based), or null when the incident has no plan.</param>
public sealed record WallIncident(Guid Id, string Subject, string Severity, DateTimeOffset OpenedAt, string? AcknowledgedBy, string? AcknowledgeNote,
    int? Step, int Steps, string? StepTitle);

/// <summary>A step held for a second Pool Admin.</summary>
public sealed record WallApproval(Guid Id, string Operation, string Target, string RequestedBy, DateTimeOffset ExpiresAt);

/// <summary>A maintenance window in force.</summary>
public sealed record WallMaintenance(Guid Id, string What, string Reason, string Owner, DateTimeOffset EndsAt);

/// <summary>One pool as the wall draws it, read from the pool, its open incidents and approvals, and who is looking.</summary>
public sealed record WallPool(
    Guid Id,
    string Name,
    WallTrouble Trouble,
    string Master,
    bool MasterIsLive,
    bool HaEnabled,
    string? HaTolerates,
    IReadOnlyList<WallHost> Hosts,
    IReadOnlyList<WallIncident> Incidents,
    IReadOnlyList<WallApproval> Approvals,
    IReadOnlyList<WallMaintenance> Maintenance,
    IReadOnlyList<string> Viewers)
{
    /// <summary>On a connected pool with HA on, XAPI's own count of the host failures it tolerates.</summary>
    public long? XapiHaTolerates { get; init; }

    /// <summary>PoolDash's count, beside XAPI's.</summary>
    public int? HaFailuresTolerated { get; init; }

    /// <summary>When what is drawn changes by the clock alone, without an event: a maintenance window ends, a request
    /// for a second Pool Admin lapses.</summary>
    public DateTimeOffset ValidUntil =>
        Maintenance.Select(m => m.EndsAt).Concat(Approvals.Select(a => a.ExpiresAt)).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();

    public int Count(string state) => Hosts.Count(h => h.State == state);

    /// <param name="xapiHaTolerates">On a connected pool with HA on, XAPI's own figure.</param>
    public static WallPool Of(Pool pool, IEnumerable<IncidentRecord> incidents, IEnumerable<Approval> approvals, IReadOnlyList<string> viewers,
        long? xapiHaTolerates)
    {
        var snapshot = pool.Snapshot();
        var names = snapshot.Hosts.ToDictionary(h => h.Id, h => h.Name);
        var hosts = snapshot.Hosts.Where(h => h.Liveness != Liveness.Forgotten).Select(h => Host(snapshot, h)).ToList();
        var open = incidents.Where(i => i.State != IncidentStates.Resolved).OrderBy(i => i.OpenedAt)
            .Select(i => Incident(pool, snapshot, i)).ToList();
        var master = names.GetValueOrDefault(snapshot.MasterId, "");
        var plan = snapshot.HaEnabled ? pool.PlanHa() : null;
        return new(
            snapshot.Id,
            snapshot.Name,
            TroubleOf(snapshot, open.Count),
            master,
            snapshot.MasterIsLive,
            snapshot.HaEnabled,
            plan?.Tolerates,
            hosts,
            open,
            [.. approvals.Select(a => new WallApproval(a.Id, a.Command.Operation, names.GetValueOrDefault(a.Command.TargetId, snapshot.Name), a.RequestedBy, a.ExpiresAt))],
            [.. snapshot.Maintenance.Select(m => new WallMaintenance(m.Id, m.HostId is { } h ? names.GetValueOrDefault(h, "a forgotten host") : "the whole pool",
                m.Reason, m.Owner, m.EndsAt))],
            viewers)
        {
            HaFailuresTolerated = plan?.FailuresTolerated,
            XapiHaTolerates = xapiHaTolerates,
        };
    }

    public static string StateOf(HostView host) =>
        host.InMaintenanceUntil is not null && host.Liveness is not Liveness.Dead ? "maintenance" : host.Liveness.ToString().ToLowerInvariant();

    private static WallHost Host(PoolSnapshot pool, HostView host)
    {
        var vms = pool.Vms.Where(v => v.ResidentOn == host.Id && !v.IsControlDomain && v.PowerState != Domain.Vms.PowerState.Halted)
            .Select(v => v.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        // The countdown is for a host that has gone quiet: a live host's moves with each heartbeat, which the wall does
        // not redraw for (the state word and colour say it is well).
        var verdict = host.Liveness is Liveness.Suspect or Liveness.Isolated ? host.VerdictAt : null;
        return new(host.Id, host.Name, Shared.HostWords.Role(host), StateOf(host), verdict, vms.Count, string.Join(", ", vms));
    }

    private static WallIncident Incident(Pool pool, PoolSnapshot snapshot, IncidentRecord incident)
    {
        int? step = null;
        var steps = 0;
        string? title = null;
        // A dead or isolated host (or a lost master) has the guide's runbook; a suspect one is still waited on.
        if (incident.HostId is { } hostId && incident.Severity != IncidentSeverity.Suspect && snapshot.Hosts.Any(h => h.Id == hostId))
        {
            var plan = pool.PlanRecovery(hostId);
            steps = plan.Steps.Count;
            var next = plan.Steps.FirstOrDefault(s => s.Status != StepStatus.Done);
            step = next?.Number ?? steps;
            title = next?.Title ?? "every step done";
        }

        return new(incident.Id, incident.Subject, incident.Severity, incident.OpenedAt, incident.AcknowledgedBy, incident.AcknowledgeNote, step, steps, title);
    }

    private static WallTrouble TroubleOf(PoolSnapshot pool, int openIncidents) =>
        !pool.MasterIsLive || pool.Hosts.Any(h => h.Liveness is Liveness.Dead or Liveness.Isolated) ? WallTrouble.Red
        : openIncidents > 0 || pool.Hosts.Any(h => h.Liveness == Liveness.Suspect) ? WallTrouble.Amber
        : WallTrouble.Green;
}
