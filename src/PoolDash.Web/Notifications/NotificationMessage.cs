using System.Globalization;
using System.Text;
using System.Text.Json;
using PoolDash.Web.Incidents;

namespace PoolDash.Web.Notifications;

/// <summary>
/// One message to one channel: one or more incidents of one pool in the same state (ten hosts dead in the same minute
/// are one message), under one idempotency key. The first incident is the gravest; a webhook's top-level fields are
/// its, <c>summary</c> speaks of them all and <c>incidents</c> lists each.
/// </summary>
internal sealed record NotificationMessage(string IdempotencyKey, IReadOnlyList<NotificationItem> Items)
{
    public static NotificationMessage Of(string idempotencyKey, IEnumerable<NotificationItem> items) => new(idempotencyKey,
        [.. items.OrderByDescending(i => IncidentSeverity.Rank(i.Severity)).ThenBy(i => i.Host ?? i.Summary, StringComparer.Ordinal)]);

    private NotificationItem First => Items[0];

    /// <summary>"Demo pool: xcp-03 dead — triggered", or "Demo pool: 3 incidents triggered — xcp-03, xcp-04, xcp-05".</summary>
    public string Title => Items.Count == 1
        ? $"{First.Pool}: {Subject(First)} {First.Severity} — {First.State}"
        : $"{First.Pool}: {Items.Count} incidents {First.State} — {string.Join(", ", Items.Select(Subject))}";

    public string Summary => Items.Count == 1 ? First.Summary : string.Join("; ", Items.Select(i => i.Summary));

    /// <summary>The message in words: the title, then a line per incident.</summary>
    public string Text
    {
        get
        {
            var text = new StringBuilder("[PoolDash] ").AppendLine(Title);
            foreach (var item in Items)
            {
                text.Append("- ").Append(item.Severity.ToUpperInvariant()).Append(' ').Append(Subject(item)).Append(": ").Append(item.Summary);
                if (item.VmsAffected.Count > 0)
                {
                    text.Append(". VMs: ").Append(string.Join(", ", item.VmsAffected));
                }

                if (item.AcknowledgedBy is { } by)
                {
                    text.Append(". ").Append(by).Append(" is on it").Append(string.IsNullOrEmpty(item.AcknowledgeNote) ? "" : ": " + item.AcknowledgeNote);
                }

                text.AppendLine();
            }

            return text.Append("At ").Append(First.At.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).ToString();
        }
    }

    /// <summary>The generic webhook's body.</summary>
    public byte[] WebhookBody() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        idempotencyKey = IdempotencyKey,
        incidentId = First.IncidentId,
        state = First.State,
        severity = First.Severity,
        poolId = First.PoolId,
        pool = First.Pool,
        hostId = First.HostId,
        host = First.Host,
        summary = Summary,
        vmsAffected = First.VmsAffected,
        acknowledgedBy = First.AcknowledgedBy,
        at = First.At,
        incidents = Items,
    }, NotificationItem.Json);

    /// <summary>Slack's and Mattermost's incoming webhooks.</summary>
    public byte[] ChatBody() => JsonSerializer.SerializeToUtf8Bytes(new { text = Text });

    /// <summary>A Teams Workflows webhook: a message with an Adaptive Card.</summary>
    public byte[] TeamsBody() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        type = "message",
        attachments = new[]
        {
            new
            {
                contentType = "application/vnd.microsoft.card.adaptive",
                content = new Dictionary<string, object>
                {
                    ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                    ["type"] = "AdaptiveCard",
                    ["version"] = "1.4",
                    ["body"] = new object[]
                    {
                        new { type = "TextBlock", text = Title, weight = "Bolder", size = "Medium", wrap = true },
                        new { type = "TextBlock", text = Text, wrap = true },
                    },
                },
            },
        },
    });

    private static string Subject(NotificationItem item) => item.Host ?? item.Summary;
}
