using System.Net;
using MimeKit;
using PoolDash.Domain.Errors;
using PoolDash.Web.Incidents;

namespace PoolDash.Web.Notifications;

/// <summary>A channel as created or changed through the API or the page. On a change, a secret left out (null) is
/// kept; the kind never changes.</summary>
public sealed record ChannelRequest(
    string? Kind,
    string? Name,
    string? Url,
    string? Secret,
    string? MinSeverity,
    IReadOnlyList<Guid>? PoolIds,
    int? EscalationOrder = null,
    int? EscalateAfterMinutes = null,
    int? RemindEveryMinutes = null,
    string? SmtpHost = null,
    int? SmtpPort = null,
    string? SmtpSecurity = null,
    string? SmtpUserName = null,
    string? Password = null,
    string? From = null,
    IReadOnlyList<string>? To = null)
{
    public static readonly IReadOnlyList<string> SmtpSecurities = ["starttls", "tls", "none"];

    /// <summary>The first thing wrong with the request, by field; <paramref name="existing"/> is the channel it changes.</summary>
    internal XapiError? Problem(ChannelRecord? existing, Func<Guid, bool> poolExists)
    {
        var kind = existing?.Kind ?? Kind;
        if (existing is null && (kind is null || !ChannelKinds.All.Contains(kind)))
        {
            return Xapi.InvalidValue("kind", $"'{Kind}'; one of {string.Join(", ", ChannelKinds.All)}");
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100)
        {
            return Xapi.InvalidValue("name", "a name of 1 to 100 characters is needed");
        }

        if (MinSeverity is not null && !IncidentSeverity.Ordered.Contains(MinSeverity))
        {
            return Xapi.InvalidValue("minSeverity", $"'{MinSeverity}'; one of {string.Join(", ", IncidentSeverity.Ordered)}");
        }

        if (PoolIds?.FirstOrDefault(id => !poolExists(id)) is { } unknown && unknown != Guid.Empty)
        {
            return Xapi.UuidInvalid("pool", unknown);
        }

        if (EscalationOrder is < 1 or > 9)
        {
            return Xapi.InvalidValue("escalationOrder", $"{EscalationOrder} (1 is the first line, at most 9)");
        }

        if (EscalateAfterMinutes is < 1 or > 1440)
        {
            return Xapi.InvalidValue("escalateAfterMinutes", $"{EscalateAfterMinutes} (1 to 1440 minutes, or null for never)");
        }

        if (RemindEveryMinutes is < 1 or > 10080)
        {
            return Xapi.InvalidValue("remindEveryMinutes", $"{RemindEveryMinutes} (1 to 10080 minutes, or null for no reminders)");
        }

        return kind == ChannelKinds.Email ? MailProblem(existing) : WebProblem(kind!, existing);
    }

    private XapiError? WebProblem(string kind, ChannelRecord? existing)
    {
        if ((existing is null || Url is not null)
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            return Xapi.InvalidValue("url", "an absolute http:// or https:// URL is needed");
        }

        return kind == ChannelKinds.Webhook && (existing is null || Secret is not null) && (Secret is null || Secret.Length < 16)
            ? Xapi.InvalidValue("secret", "a signing secret of at least 16 characters is needed (receivers check X-PoolDash-Signature with it)")
            : null;
    }

    private XapiError? MailProblem(ChannelRecord? existing)
    {
        if (string.IsNullOrWhiteSpace(SmtpHost) || Uri.CheckHostName(SmtpHost.Trim()) == UriHostNameType.Unknown)
        {
            return Xapi.InvalidValue("smtpHost", "the SMTP server's host name or address is needed");
        }

        if (SmtpPort is < 1 or > 65535)
        {
            return Xapi.InvalidValue("smtpPort", $"{SmtpPort}");
        }

        var security = SmtpSecurity ?? "starttls";
        if (!SmtpSecurities.Contains(security))
        {
            return Xapi.InvalidValue("smtpSecurity", $"'{SmtpSecurity}'; one of {string.Join(", ", SmtpSecurities)}");
        }

        // Alerts and SMTP passwords cross the network in clear without TLS: only a relay on this machine may do without.
        if (security == "none" && !IsLoopback(SmtpHost.Trim()))
        {
            return Xapi.InvalidValue("smtpSecurity", "'none' is allowed only for an SMTP server on loopback; use starttls or tls");
        }

        if (!MailboxAddress.TryParse(From, out _))
        {
            return Xapi.InvalidValue("from", $"'{From}' is not an e-mail address");
        }

        if (To is null || To.Count == 0)
        {
            return Xapi.InvalidValue("to", "at least one recipient is needed");
        }

        if (To.FirstOrDefault(t => !MailboxAddress.TryParse(t, out _)) is { } bad)
        {
            return Xapi.InvalidValue("to", $"'{bad}' is not an e-mail address");
        }

        return !string.IsNullOrEmpty(SmtpUserName) && Password is null && existing?.SmtpUserName is null
            ? Xapi.InvalidValue("password", "a user name was given without its password")
            : null;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>What may be shown of where a chat webhook's messages go: its scheme and host (its path is its key).</summary>
    internal static string Shown(string kind, string url) =>
        kind == ChannelKinds.Webhook ? url : new Uri(url).GetLeftPart(UriPartial.Authority) + "/…";
}

/// <summary>A channel as the API and the page show it: never its secrets.</summary>
public sealed record ChannelView(
    Guid Id,
    string Kind,
    string Name,
    string Target,
    string MinSeverity,
    IReadOnlyList<Guid> PoolIds,
    int EscalationOrder,
    int? EscalateAfterMinutes,
    int? RemindEveryMinutes,
    string? SmtpHost,
    int? SmtpPort,
    string? SmtpSecurity,
    string? SmtpUserName,
    string? From,
    IReadOnlyList<string> To,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    int ConsecutiveFailures,
    bool Failing)
{
    internal static ChannelView Of(ChannelRecord c) => new(c.Id, c.Kind, c.Name, c.Target, c.MinSeverity, c.Pools(), c.EscalationOrder,
        c.EscalateAfterMinutes, c.RemindEveryMinutes, c.SmtpHost, c.SmtpPort, c.SmtpSecurity, c.SmtpUserName, c.MailFrom,
        c.MailTo is null ? [] : c.MailTo.Split(','), c.CreatedAt, c.CreatedBy, c.LastSuccessAt, c.LastErrorAt, c.LastError, c.ConsecutiveFailures,
        ChannelHealth.IsFailing(c));
}
