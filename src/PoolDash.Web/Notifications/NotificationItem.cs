using System.Text.Json;
using System.Text.Json.Serialization;
using PoolDash.Web.Incidents;

namespace PoolDash.Web.Notifications;

/// <summary>One incident in a message, with the fields every webhook message carries (its <c>state</c> is what this
/// message says of it: triggered, acknowledged, escalated, resolved or reminder).</summary>
public sealed record NotificationItem(
    Guid IncidentId,
    string State,
    string Severity,
    Guid PoolId,
    string Pool,
    Guid? HostId,
    string? Host,
    string Summary,
    IReadOnlyList<string> VmsAffected,
    string? AcknowledgedBy,
    string? AcknowledgeNote,
    DateTimeOffset At)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    internal static NotificationItem Of(IncidentRecord incident, string state, string pool) => new(
        incident.Id, state, incident.Severity, incident.PoolId, pool, incident.HostId, incident.HostId is null ? null : incident.Subject,
        incident.State == IncidentStates.Resolved ? incident.ResolveNote ?? incident.Summary : incident.Summary,
        incident.VmsAffected.Length == 0 ? [] : incident.VmsAffected.Split(", "), incident.AcknowledgedBy, incident.AcknowledgeNote, incident.UpdatedAt);

    internal string ToJson() => JsonSerializer.Serialize(this, Json);

    internal static NotificationItem FromJson(string json) => JsonSerializer.Deserialize<NotificationItem>(json, Json)!;

    internal NotificationItem As(string state, DateTimeOffset at) => this with { State = state, At = at };
}
