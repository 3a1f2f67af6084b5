namespace PoolDash.Web.Incidents;

/// <summary>One incident: one cause (a host Suspect, Isolated, Dead; the master lost; an HA restart with no room),
/// from triggered to acknowledged to resolved, as stored.</summary>
public sealed class IncidentRecord
{
    public Guid Id { get; set; }

    public Guid PoolId { get; set; }

    /// <summary>The host the cause is about (null for a pool-wide cause such as an HA restart that found no room).</summary>
    public Guid? HostId { get; set; }

    /// <summary>What the incident is about, by name (the host, or the VM HA could not restart).</summary>
    public string Subject { get; set; } = "";

    /// <summary>One of <see cref="IncidentSeverity"/>'s names; it can rise and fall while the incident is open.</summary>
    public string Severity { get; set; } = "";

    /// <summary><c>triggered</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    public string State { get; set; } = IncidentStates.Triggered;

    public string Summary { get; set; } = "";

    /// <summary>The VMs the cause affects, by name, comma-separated (the VMs still registered on a dead host).</summary>
    public string VmsAffected { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgeNote { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolveNote { get; set; }

    /// <summary>Which channels' escalation order the incident has reached: 1 at first, one more each time nobody
    /// acknowledged it in time.</summary>
    public int EscalationLevel { get; set; } = 1;

    public DateTimeOffset? EscalatedAt { get; set; }
}

public static class IncidentStates
{
    public const string Triggered = "triggered";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}

/// <summary>How bad a cause is, in the order a channel's minimum severity compares them.</summary>
public static class IncidentSeverity
{
    public const string Suspect = "suspect";
    public const string Isolated = "isolated";
    public const string Dead = "dead";
    public const string MasterLost = "master-lost";
    public const string HaRestartFailed = "ha-restart-failed";

    public static readonly IReadOnlyList<string> Ordered = [Suspect, Isolated, Dead, MasterLost, HaRestartFailed];

    public static int Rank(string severity) => Ordered.ToList().IndexOf(severity);
}
