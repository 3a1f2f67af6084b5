namespace PoolDash.Web.Notifications;

/// <summary>
/// An incident change owed to the channels: written in the same transaction as the change and its audit entry, so a
/// crash between the two cannot lose it. The dispatcher routes it to channels (<see cref="DeliveryRecord"/>s) once.
/// </summary>
public sealed class OutboxRecord
{
    public long Id { get; set; }

    public Guid IncidentId { get; set; }

    /// <summary>What happened: <c>triggered</c> (opened or its severity moved), <c>acknowledged</c>, <c>escalated</c>, <c>resolved</c>.</summary>
    public string State { get; set; } = "";

    /// <summary>The incident as it was at this change (<see cref="NotificationItem"/> as JSON).</summary>
    public string Item { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public bool Routed { get; set; }
}

/// <summary>One message owed to one channel about one incident: pending until sent (with others of its group, under
/// one idempotency key), then delivered; muted when a later one of the same group says it all.</summary>
public sealed class DeliveryRecord
{
    public long Id { get; set; }

    public Guid ChannelId { get; set; }

    public Guid IncidentId { get; set; }

    public Guid PoolId { get; set; }

    /// <summary><c>triggered</c>, <c>acknowledged</c>, <c>escalated</c>, <c>resolved</c> or <c>reminder</c>.</summary>
    public string State { get; set; } = "";

    /// <summary>The incident at the time (<see cref="NotificationItem"/> as JSON).</summary>
    public string Item { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary><see cref="DeliveryStatus"/>.</summary>
    public string Status { get; set; } = DeliveryStatus.Pending;

    /// <summary>The group this one was sent in, fixed at its first attempt: a retry sends the same message under the
    /// same key, so a receiver that already has it can drop it.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Attempts known to have ended: the failed ones, and the one taken (an attempt cut short by a crash is not known).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Never sent, because nothing had been said yet and the incident ended within the group's wait (a
    /// flap), or a later change of the same incident in the same group says it.</summary>
    public const string Muted = "muted";

    /// <summary>Given up after <see cref="NotificationOptions.GiveUpAfterHours"/> of failed attempts; the channel's
    /// error stays shown.</summary>
    public const string Failed = "failed";
}

/// <summary>A message owed or sent, as the API and the Notifications page show it.</summary>
public sealed record DeliveryView(
    long Id,
    Guid ChannelId,
    Guid IncidentId,
    Guid PoolId,
    string State,
    string Severity,
    string Subject,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    string? IdempotencyKey,
    string? LastError)
{
    internal static DeliveryView Of(DeliveryRecord d)
    {
        var item = NotificationItem.FromJson(d.Item);
        return new(d.Id, d.ChannelId, d.IncidentId, d.PoolId, d.State, item.Severity, item.Host ?? item.Summary, d.Status, d.Attempts, d.CreatedAt,
            d.DeliveredAt, d.IdempotencyKey, d.LastError);
    }
}
