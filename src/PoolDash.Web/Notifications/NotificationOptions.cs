using System.ComponentModel.DataAnnotations;

namespace PoolDash.Web.Notifications;

/// <summary>How notifications are grouped and retried (section <c>PoolDash:Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "PoolDash:Notifications";

    /// <summary>How long a channel's first message about a pool waits for others of the same kind, so that ten hosts
    /// dying together are one message, not ten.</summary>
    [Range(0, 600)]
    public double GroupWaitSeconds { get; set; } = 30;

    /// <summary>The wait before the first retry of a failed delivery; it doubles at each failure.</summary>
    [Range(0.1, 3600)]
    public double RetryFirstSeconds { get; set; } = 10;

    /// <summary>The longest wait between two retries.</summary>
    [Range(1, 1440)]
    public double RetryMaxMinutes { get; set; } = 15;

    /// <summary>After this long failing, a delivery is given up (the channel stays shown as failing).</summary>
    [Range(1, 720)]
    public double GiveUpAfterHours { get; set; } = 24;
}
