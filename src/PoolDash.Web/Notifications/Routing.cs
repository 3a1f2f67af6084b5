using PoolDash.Web.Incidents;

namespace PoolDash.Web.Notifications;

/// <summary>
/// Who hears of what, decided once per incident change: a channel that heard of an incident hears how it goes on, its
/// acknowledgement and — always — its resolution, whatever its filters say now; a channel that did not hears of it when
/// the incident reaches its pools, its minimum severity and its escalation order.
/// </summary>
internal static class Routing
{
    public static IEnumerable<ChannelRecord> Recipients(string state, NotificationItem item, int escalationLevel, IEnumerable<ChannelRecord> channels,
        Func<Guid, bool> told) => state switch
        {
            NotificationStates.Acknowledged or NotificationStates.Resolved => channels.Where(c => told(c.Id)),
            _ => channels.Where(c => told(c.Id) || c.Covers(item.PoolId, item.Severity, escalationLevel)),
        };

    /// <summary>
    /// What to send now of one channel's pending deliveries, by group (same pool, same state): an incident that was
    /// never told and is already resolved was a flap and is muted whole; one that was told and is resolved gets only
    /// its resolution (which carries who acknowledged it); of several deliveries of one incident in one group, the
    /// last says it all and the others are muted.
    /// </summary>
    public static (IReadOnlyList<IReadOnlyList<DeliveryRecord>> Groups, IReadOnlyList<DeliveryRecord> Muted) Plan(
        IReadOnlyList<DeliveryRecord> pending, Func<Guid, bool> told)
    {
        var muted = new List<DeliveryRecord>();
        var keep = new List<DeliveryRecord>();
        foreach (var incident in pending.GroupBy(d => d.IncidentId))
        {
            if (incident.Any(d => d.State == NotificationStates.Resolved))
            {
                var resolution = told(incident.Key) ? incident.Where(d => d.State == NotificationStates.Resolved).MaxBy(d => d.Id) : null;
                muted.AddRange(incident.Where(d => d != resolution));
                if (resolution is not null)
                {
                    keep.Add(resolution);
                }

                continue;
            }

            foreach (var sameState in incident.GroupBy(d => d.State))
            {
                var last = sameState.MaxBy(d => d.Id)!;
                keep.Add(last);
                muted.AddRange(sameState.Where(d => d != last));
            }
        }

        var groups = keep.GroupBy(d => (d.PoolId, d.State)).Select(g => (IReadOnlyList<DeliveryRecord>)[.. g.OrderBy(d => d.Id)]).OrderBy(g => g[0].Id).ToList();
        return (groups, muted);
    }

    /// <summary>The backoff before attempt <paramref name="attempts"/> + 1: doubling from the first wait, capped.</summary>
    public static TimeSpan Backoff(int attempts, NotificationOptions options) =>
        TimeSpan.FromSeconds(Math.Min(options.RetryFirstSeconds * Math.Pow(2, Math.Max(0, attempts - 1)), options.RetryMaxMinutes * 60));

    /// <summary>Whether a host's incident still calls for reminders.</summary>
    public static bool Reminds(IncidentRecord incident) =>
        incident.State != IncidentStates.Resolved && incident.Severity is IncidentSeverity.Dead or IncidentSeverity.MasterLost;
}

/// <summary>What a message says of its incidents.</summary>
public static class NotificationStates
{
    public const string Triggered = "triggered";
    public const string Acknowledged = "acknowledged";
    public const string Escalated = "escalated";
    public const string Resolved = "resolved";
    public const string Reminder = "reminder";
}
