using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PoolDash.Web.Incidents;
using PoolDash.Web.Persistence;

namespace PoolDash.Web.Notifications;

/// <summary>
/// Delivers what the outbox owes, at least once, and carries on after a restart: routes each incident change to its
/// channels (<see cref="Routing"/>), waits <see cref="NotificationOptions.GroupWaitSeconds"/> so that a burst is one
/// message, fixes each message's idempotency key before its first attempt, retries a failed one with backoff (the
/// channel's later messages wait behind it, so a receiver never hears "resolved" before "triggered"), escalates
/// incidents nobody acknowledged, and reminds channels while a host stays dead. One loop does it all, so no two
/// attempts of the same message ever overlap.
/// </summary>
internal sealed class NotificationDispatcher(
    DbContextOptions<PoolDashDb> db,
    NotificationChannels channels,
    ChannelSender sender,
    IncidentBook incidents,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);
    public const string MeterName = "PoolDash.Notifications";
    private readonly Counter<long> _delivered = meters.Create(MeterName).CreateCounter<long>("pooldash.notifications.delivered", description: "Messages a channel took, by kind");
    private readonly Counter<long> _failures = meters.Create(MeterName).CreateCounter<long>("pooldash.notifications.failed", description: "Attempts a channel refused or did not answer, by kind");

    private readonly Alarm _alarm = new(time);
    private TaskCompletionSource _nextPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A pass changed deliveries or channels (tests and pages wait on it).</summary>
    public event Action? Changed;

    /// <summary>Something is owed: look now instead of at the next due time.</summary>
    public void Nudge() => _alarm.Ring();

    /// <summary>Looks now, and completes when a pass that started after this call has ended.</summary>
    public Task PassAsync()
    {
        var next = Volatile.Read(ref _nextPass).Task;
        Nudge();
        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        incidents.Saved += Nudge;
        channels.Changed += Nudge;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                DateTimeOffset until;
                var thisPass = Interlocked.Exchange(ref _nextPass, new(TaskCreationOptions.RunContinuationsAsynchronously));
                try
                {
                    until = await PassAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Notification pass failed; trying again shortly");
                    until = time.GetUtcNow() + TimeSpan.FromSeconds(5);
                }

                Changed?.Invoke();
                thisPass.TrySetResult();
                await _alarm.SleepUntilAsync(until, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            incidents.Saved -= Nudge;
            channels.Changed -= Nudge;
        }
    }

    /// <summary>One pass; answers when something is next due.</summary>
    private async Task<DateTimeOffset> PassAsync(CancellationToken cancellationToken)
    {
        var all = await channels.ListAsync(cancellationToken).ConfigureAwait(false);
        await RouteAsync(all, cancellationToken).ConfigureAwait(false);
        var nextEscalation = await EscalateAsync(all, cancellationToken).ConfigureAwait(false);
        var nextReminder = await RemindAsync(all, cancellationToken).ConfigureAwait(false);
        var nextSend = await SendAsync(all, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var next = new[] { nextEscalation, nextReminder, nextSend }.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(now + LongestSleep).Min();
        return next < now + LongestSleep ? next : now + LongestSleep;
    }

    /// <summary>Turns each unrouted outbox row into deliveries, and marks it routed, in one save.</summary>
    private async Task RouteAsync(IReadOnlyList<ChannelRecord> all, CancellationToken cancellationToken)
    {
        var context = new PoolDashDb(db);
        await using (context.ConfigureAwait(false))
        {
            var owed = await context.NotificationOutbox.Where(o => !o.Routed).OrderBy(o => o.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (owed.Count == 0)
            {
                return;
            }

            var ids = owed.Select(o => o.IncidentId).Distinct().ToList();
            var told = (await context.NotificationDeliveries.Where(d => ids.Contains(d.IncidentId) && d.Status != DeliveryStatus.Muted)
                .Select(d => new { d.IncidentId, d.ChannelId }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(d => (d.IncidentId, d.ChannelId)).ToHashSet();
            foreach (var row in owed)
            {
                var item = NotificationItem.FromJson(row.Item);
                var level = incidents.Find(row.IncidentId)?.EscalationLevel ?? 1;
                foreach (var channel in Routing.Recipients(row.State, item, level, all, c => told.Contains((row.IncidentId, c))))
                {
                    told.Add((row.IncidentId, channel.Id));
                    context.NotificationDeliveries.Add(new DeliveryRecord
                    {
                        ChannelId = channel.Id,
                        IncidentId = row.IncidentId,
                        PoolId = item.PoolId,
                        State = row.State,
                        Item = row.Item,
                        CreatedAt = row.At,
                    });
                }

                row.Routed = true;
            }

            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Escalates each incident nobody acknowledged within the time of the channels it reached at its level.</summary>
    private async Task<DateTimeOffset?> EscalateAsync(IReadOnlyList<ChannelRecord> all, CancellationToken cancellationToken)
    {
        var open = incidents.List(null, IncidentStates.Triggered);
        if (open.Count == 0 || !all.Any(c => c.EscalateAfterMinutes is not null))
        {
            return null;
        }

        var firstTold = await FirstToldAsync([.. open.Select(i => i.Id)], cancellationToken).ConfigureAwait(false);
        DateTimeOffset? next = null;
        foreach (var incident in open)
        {
            var atLevel = all.Where(c => c.EscalationOrder == incident.EscalationLevel && c.EscalateAfterMinutes is not null
                && firstTold.ContainsKey((incident.Id, c.Id))).ToList();
            var higher = all.Any(c => c.EscalationOrder > incident.EscalationLevel && c.Covers(incident.PoolId, incident.Severity, int.MaxValue));
            if (atLevel.Count == 0 || (incident.EscalationLevel > 1 && !higher))
            {
                continue;
            }

            var due = atLevel.Min(c => Max(incident.EscalatedAt ?? firstTold[(incident.Id, c.Id)], firstTold[(incident.Id, c.Id)])
                + TimeSpan.FromMinutes(c.EscalateAfterMinutes!.Value));
            if (due <= time.GetUtcNow())
            {
                await incidents.EscalateAsync(incident.Id).ConfigureAwait(false);
            }
            else if (next is null || due < next)
            {
                next = due;
            }
        }

        return next;
    }

    /// <summary>Adds a reminder for each channel that heard of a host still dead and heard nothing more for its interval.</summary>
    private async Task<DateTimeOffset?> RemindAsync(IReadOnlyList<ChannelRecord> all, CancellationToken cancellationToken)
    {
        var reminding = all.Where(c => c.RemindEveryMinutes is not null).ToDictionary(c => c.Id);
        var dead = incidents.List(null, null).Where(Routing.Reminds).ToList();
        if (reminding.Count == 0 || dead.Count == 0)
        {
            return null;
        }

        var context = new PoolDashDb(db);
        await using (context.ConfigureAwait(false))
        {
            var ids = dead.Select(i => i.Id).ToList();
            var last = (await context.NotificationDeliveries.Where(d => ids.Contains(d.IncidentId) && d.Status != DeliveryStatus.Muted)
                    .Select(d => new { d.IncidentId, d.ChannelId, d.CreatedAt }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .GroupBy(d => (d.IncidentId, d.ChannelId)).ToDictionary(g => g.Key, g => g.Max(d => d.CreatedAt));
            var now = time.GetUtcNow();
            DateTimeOffset? next = null;
            foreach (var incident in dead)
            {
                foreach (var ((incidentId, channelId), at) in last.Where(l => l.Key.IncidentId == incident.Id && reminding.ContainsKey(l.Key.ChannelId)))
                {
                    var due = at + TimeSpan.FromMinutes(reminding[channelId].RemindEveryMinutes!.Value);
                    if (due > now)
                    {
                        next = next is null || due < next ? due : next;
                        continue;
                    }

                    var item = NotificationItem.Of(incident, NotificationStates.Reminder, incidents.PoolName(incident.PoolId)).As(NotificationStates.Reminder, now);
                    context.NotificationDeliveries.Add(new DeliveryRecord
                    {
                        ChannelId = channelId,
                        IncidentId = incidentId,
                        PoolId = incident.PoolId,
                        State = NotificationStates.Reminder,
                        Item = item.ToJson(),
                        CreatedAt = now,
                    });
                }
            }

            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }
    }

    /// <summary>Sends what is due, channel by channel; answers when the next is due.</summary>
    private async Task<DateTimeOffset?> SendAsync(IReadOnlyList<ChannelRecord> all, CancellationToken cancellationToken)
    {
        List<DeliveryRecord> pending;
        HashSet<(Guid, Guid)> attempted;
        var context = new PoolDashDb(db);
        await using (context.ConfigureAwait(false))
        {
            pending = await context.NotificationDeliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Pending).OrderBy(d => d.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return null;
            }

            var ids = pending.Select(d => d.IncidentId).Distinct().ToList();
            attempted = (await context.NotificationDeliveries.Where(d => ids.Contains(d.IncidentId) && (d.Status == DeliveryStatus.Delivered
                        || d.Status == DeliveryStatus.Failed || d.IdempotencyKey != null))
                    .Select(d => new { d.IncidentId, d.ChannelId }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(d => (d.IncidentId, d.ChannelId)).ToHashSet();
        }

        var byId = all.ToDictionary(c => c.Id);
        var wait = TimeSpan.FromSeconds(options.Value.GroupWaitSeconds);
        DateTimeOffset? next = null;
        foreach (var ofChannel in pending.GroupBy(d => d.ChannelId))
        {
            if (!byId.TryGetValue(ofChannel.Key, out var channel))
            {
                // Its channel was deleted: nobody is left to tell.
                await SetStatusAsync([.. ofChannel], DeliveryStatus.Muted, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var due = await SendChannelAsync(channel, [.. ofChannel], i => attempted.Contains((i, channel.Id)), wait, cancellationToken).ConfigureAwait(false);
            next = due is not null && (next is null || due < next) ? due : next;
        }

        return next;
    }

    private async Task<DateTimeOffset?> SendChannelAsync(ChannelRecord channel, List<DeliveryRecord> pending, Func<Guid, bool> told, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        // A message already tried goes first, alone, with its own key: later ones wait behind it.
        if (pending.FirstOrDefault(d => d.IdempotencyKey is not null) is { } retry)
        {
            var batch = pending.Where(d => d.IdempotencyKey == retry.IdempotencyKey).ToList();
            return batch[0].NextAttemptAt > time.GetUtcNow()
                ? batch[0].NextAttemptAt
                : await AttemptAsync(channel, batch, cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        if (pending.Min(d => d.CreatedAt) + wait is var groupDue && groupDue > now)
        {
            return groupDue;
        }

        var (groups, muted) = Routing.Plan(pending, told);
        await SetStatusAsync(muted, DeliveryStatus.Muted, null, cancellationToken).ConfigureAwait(false);
        foreach (var group in groups)
        {
            await KeyAsync(channel, group, cancellationToken).ConfigureAwait(false);
            if (await AttemptAsync(channel, group, cancellationToken).ConfigureAwait(false) is { } retryAt)
            {
                return retryAt;
            }
        }

        return null;
    }

    /// <summary>Fixes the group and its key before the first attempt, so that after a crash the same message goes again.</summary>
    private async Task KeyAsync(ChannelRecord channel, IReadOnlyList<DeliveryRecord> group, CancellationToken cancellationToken)
    {
        var key = $"pd-{channel.Id.ToString("N")[..12]}-{group[0].Id}";
        var ids = group.Select(d => d.Id).ToList();
        var context = new PoolDashDb(db);
        await using (context.ConfigureAwait(false))
        {
            await context.NotificationDeliveries.Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.IdempotencyKey, key), cancellationToken).ConfigureAwait(false);
        }

        foreach (var d in group)
        {
            d.IdempotencyKey = key;
        }
    }

    /// <summary>Sends one message; answers null when it was taken (or given up), else when to try again.</summary>
    private async Task<DateTimeOffset?> AttemptAsync(ChannelRecord channel, IReadOnlyList<DeliveryRecord> batch, CancellationToken cancellationToken)
    {
        var message = NotificationMessage.Of(batch[0].IdempotencyKey!, batch.Select(d => NotificationItem.FromJson(d.Item).As(d.State, d.CreatedAt)));
        try
        {
            await sender.SendAsync(channel, channels.SecretsOf(channel), message, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelFailure failure)
        {
            _failures.Add(1, new KeyValuePair<string, object?>("kind", channel.Kind));
            var attempts = batch[0].Attempts + 1;
            var now = time.GetUtcNow();
            var givenUp = now - batch.Min(d => d.CreatedAt) > TimeSpan.FromHours(options.Value.GiveUpAfterHours);
            var retryAt = now + Routing.Backoff(attempts, options.Value);
            await RecordAttemptAsync(batch, attempts, givenUp ? DeliveryStatus.Failed : DeliveryStatus.Pending, retryAt, failure.Message, cancellationToken)
                .ConfigureAwait(false);
            await channels.RecordAsync(channel.Id, failure.Message, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Channel {Channel} did not take message {Key} (attempt {Attempts}): {Error}", channel.Name, message.IdempotencyKey, attempts, failure.Message);
            return givenUp ? null : retryAt;
        }

        _delivered.Add(1, new KeyValuePair<string, object?>("kind", channel.Kind));
        await SetStatusAsync(batch, DeliveryStatus.Delivered, time.GetUtcNow(), cancellationToken, attempts: batch[0].Attempts + 1).ConfigureAwait(false);
        await channels.RecordAsync(channel.Id, null, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task RecordAttemptAsync(IReadOnlyList<DeliveryRecord> batch, int attempts, string status, DateTimeOffset retryAt, string error,
        CancellationToken cancellationToken)
    {
        var ids = batch.Select(d => d.Id).ToList();
        var context = new PoolDashDb(db);
        await using (context.ConfigureAwait(false))
        {
            await context.NotificationDeliveries.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.NextAttemptAt, retryAt)
                .SetProperty(d => d.LastError, error), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <param name="attempts">For a delivery taken: its attempts, this one included (one cut short by a crash is not known).</param>
    private async Task SetStatusAsync(IReadOnlyList<DeliveryRecord> deliveries, string status, DateTimeOffset? deliveredAt, CancellationToken cancellationToken,
        int? attempts = null)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        var ids = deliveries.Select(d => d.Id).ToList();
        var context = new PoolDashDb(db);
        await using (context.ConfigureAwait(false))
        {
            await context.NotificationDeliveries.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.DeliveredAt, deliveredAt)
                .SetProperty(d => d.Attempts, d => attempts ?? d.Attempts), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<(Guid, Guid), DateTimeOffset>> FirstToldAsync(IReadOnlyList<Guid> incidentIds, CancellationToken cancellationToken)
    {
        var context = new PoolDashDb(db);
        await using (context.ConfigureAwait(false))
        {
            return (await context.NotificationDeliveries.Where(d => incidentIds.Contains(d.IncidentId) && d.Status != DeliveryStatus.Muted)
                    .Select(d => new { d.IncidentId, d.ChannelId, d.CreatedAt }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .GroupBy(d => (d.IncidentId, d.ChannelId)).ToDictionary(g => g.Key, g => g.Min(d => d.CreatedAt));
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
