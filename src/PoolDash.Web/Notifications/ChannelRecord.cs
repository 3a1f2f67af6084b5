namespace PoolDash.Web.Notifications;

/// <summary>Somewhere PoolDash tells people about incidents: a webhook, a chat room, a mailbox; as stored.</summary>
public sealed class ChannelRecord
{
    public Guid Id { get; set; }

    /// <summary>One of <see cref="ChannelKinds"/>; it never changes once created.</summary>
    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>What may be shown of where messages go: a generic webhook's URL; for chat webhooks, whose URL is itself
    /// a credential, only its scheme and host; for e-mail, the SMTP server and the recipients.</summary>
    public string Target { get; set; } = "";

    /// <summary>The secrets (<see cref="ChannelSecrets"/>: the full chat URL, the webhook's signing secret, the SMTP
    /// password), protected with ASP.NET Core Data Protection: never shown again, logged or exported.</summary>
    public string ProtectedSecrets { get; set; } = "";

    public string? SmtpHost { get; set; }

    public int? SmtpPort { get; set; }

    /// <summary><c>starttls</c>, <c>tls</c> or <c>none</c> (plain SMTP only to a loopback server).</summary>
    public string? SmtpSecurity { get; set; }

    public string? SmtpUserName { get; set; }

    public string? MailFrom { get; set; }

    /// <summary>Recipients, comma-separated.</summary>
    public string? MailTo { get; set; }

    /// <summary>The least severity sent (<see cref="Incidents.IncidentSeverity"/>).</summary>
    public string MinSeverity { get; set; } = Incidents.IncidentSeverity.Suspect;

    /// <summary>Comma-separated pool ids; empty means every pool.</summary>
    public string PoolIds { get; set; } = "";

    /// <summary>1 is the first line; an incident nobody acknowledges reaches the next order in turn.</summary>
    public int EscalationOrder { get; set; } = 1;

    /// <summary>Escalate an incident this channel got when nobody acknowledged it within this time (null: never).</summary>
    public int? EscalateAfterMinutes { get; set; }

    /// <summary>Remind this channel while a host it was told about stays dead (null: no reminders).</summary>
    public int? RemindEveryMinutes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Failed attempts since the last success; at <see cref="ChannelHealth.FailingAfter"/> the channel is shown as failing.</summary>
    public int ConsecutiveFailures { get; set; }

    public IReadOnlyList<Guid> Pools() => PoolIds.Length == 0 ? [] : [.. PoolIds.Split(',').Select(Guid.Parse)];

    /// <summary>Whether incidents of this pool, at this severity, are this channel's to hear of.</summary>
    public bool Covers(Guid poolId, string severity, int escalationLevel) =>
        (PoolIds.Length == 0 || PoolIds.Contains(poolId.ToString(), StringComparison.Ordinal))
        && Incidents.IncidentSeverity.Rank(severity) >= Incidents.IncidentSeverity.Rank(MinSeverity)
        && EscalationOrder <= escalationLevel;
}

public static class ChannelKinds
{
    /// <summary>JSON signed with HMAC-SHA256 (<c>X-PoolDash-Signature: sha256=&lt;hex&gt;</c>).</summary>
    public const string Webhook = "webhook";

    /// <summary>A Slack incoming webhook (<c>{"text": ...}</c>).</summary>
    public const string Slack = "slack";

    /// <summary>A Mattermost incoming webhook (Slack-compatible).</summary>
    public const string Mattermost = "mattermost";

    /// <summary>A Microsoft Teams webhook (a Workflows "post to a channel when a webhook request is received"), with an
    /// Adaptive Card.</summary>
    public const string Teams = "teams";

    /// <summary>E-mail over SMTP (MailKit), with STARTTLS or TLS and authentication.</summary>
    public const string Email = "email";

    public static readonly IReadOnlyList<string> All = [Webhook, Slack, Mattermost, Teams, Email];
}

/// <summary>What a channel keeps protected.</summary>
internal sealed record ChannelSecrets(string? Url, string? Secret, string? Password);

internal static class ChannelHealth
{
    /// <summary>Failed attempts in a row after which a channel is shown as failing on the wall and the pages.</summary>
    public const int FailingAfter = 3;

    public static bool IsFailing(ChannelRecord channel) => channel.ConsecutiveFailures >= FailingAfter;
}
