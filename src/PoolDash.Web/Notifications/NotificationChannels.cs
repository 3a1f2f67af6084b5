using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Notifications;

/// <summary>
/// The notification channels: created, changed, deleted and tested by a Pool Admin, each act audited (never with a
/// secret); their secrets protected with Data Protection; their last success and error kept for the pages and the wall.
/// </summary>
internal sealed class NotificationChannels(
    DbContextOptions<PoolDashDb> options,
    PoolStore store,
    PoolRegistry registry,
    ChannelSender sender,
    IDataProtectionProvider protection,
    TimeProvider time)
{
    public const Role Manager = Role.PoolAdmin;
    public const string OperationCreate = "notification-channel-create";
    public const string OperationChange = "notification-channel-change";
    public const string OperationDelete = "notification-channel-delete";
    public const string OperationTest = "notification-channel-test";

    private readonly IDataProtector _protector = protection.CreateProtector("PoolDash.Notifications.Secrets");
    private IReadOnlyList<ChannelRecord> _failing = [];

    /// <summary>A channel was created, changed or deleted.</summary>
    public event Action? Changed;

    /// <summary>A channel's last success or error changed (the wall shows failing channels).</summary>
    public event Action? HealthChanged;

    /// <summary>The channels that keep failing, as of the last look (the wall shows them; the dispatcher looks at every pass).</summary>
    public IReadOnlyList<ChannelRecord> Failing => Volatile.Read(ref _failing);

    public async Task<IReadOnlyList<ChannelRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            IReadOnlyList<ChannelRecord> all = [.. (await db.NotificationChannels.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
                .OrderBy(c => c.EscalationOrder).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
            Volatile.Write(ref _failing, [.. all.Where(ChannelHealth.IsFailing)]);
            return all;
        }
    }

    public async Task<ChannelRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            return await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The latest messages owed or sent, newest first (of one channel, or all).</summary>
    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(Guid? channelId, int take, CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.NotificationDeliveries.AsNoTracking().Where(d => channelId == null || d.ChannelId == channelId)
                .OrderByDescending(d => d.Id).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(DeliveryView.Of)];
        }
    }

    public ChannelSecrets SecretsOf(ChannelRecord channel) =>
        JsonSerializer.Deserialize<ChannelSecrets>(_protector.Unprotect(channel.ProtectedSecrets))!;

    public async Task<(ChannelRecord? Channel, XapiError? Error)> CreateAsync(Operator who, string origin, ChannelRequest request)
    {
        if ((Denied(who, OperationCreate) ?? request.Problem(null, Exists)) is { } problem)
        {
            return (null, problem);
        }

        var channel = new ChannelRecord { Id = Guid.NewGuid(), Kind = request.Kind!, CreatedAt = time.GetUtcNow(), CreatedBy = who.Name };
        Apply(channel, request, new ChannelSecrets(null, null, null));
        await SaveAsync(db => db.NotificationChannels.Add(channel), Entry(who, origin, OperationCreate, channel)).ConfigureAwait(false);
        return (channel, null);
    }

    public async Task<(ChannelRecord? Channel, XapiError? Error)> ChangeAsync(Operator who, string origin, Guid id, ChannelRequest request)
    {
        if (Denied(who, OperationChange) is { } denied)
        {
            return (null, denied);
        }

        if (await FindAsync(id, CancellationToken.None).ConfigureAwait(false) is not { } channel)
        {
            return (null, Xapi.UuidInvalid("notification channel", id));
        }

        if (request.Problem(channel, Exists) is { } problem)
        {
            return (null, problem);
        }

        Apply(channel, request, SecretsOf(channel));
        await SaveAsync(db => db.NotificationChannels.Update(channel), Entry(who, origin, OperationChange, channel)).ConfigureAwait(false);
        return (channel, null);
    }

    public async Task<XapiError?> DeleteAsync(Operator who, string origin, Guid id)
    {
        if (Denied(who, OperationDelete) is { } denied)
        {
            return denied;
        }

        if (await FindAsync(id, CancellationToken.None).ConfigureAwait(false) is not { } channel)
        {
            return Xapi.UuidInvalid("notification channel", id);
        }

        await SaveAsync(db => db.NotificationChannels.Remove(channel), Entry(who, origin, OperationDelete, channel)).ConfigureAwait(false);
        return null;
    }

    /// <summary>Sends a test message now; answers the channel's error, if any (also recorded as its last error).</summary>
    public async Task<(ChannelRecord? Channel, XapiError? Error, string? Failure)> TestAsync(Operator who, string origin, Guid id, CancellationToken cancellationToken)
    {
        if (Denied(who, OperationTest) is { } denied)
        {
            return (null, denied, null);
        }

        if (await FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } channel)
        {
            return (null, Xapi.UuidInvalid("notification channel", id), null);
        }

        var now = time.GetUtcNow();
        var item = new NotificationItem(Guid.Empty, "test", Incidents.IncidentSeverity.Suspect, Guid.Empty, "PoolDash", null, null,
            $"A test message from PoolDash, sent by {who.Name}: this channel works. Nothing is wrong.", [], null, null, now);
        string? failure = null;
        try
        {
            await sender.SendAsync(channel, SecretsOf(channel), NotificationMessage.Of($"pd-test-{Guid.NewGuid():N}", [item]), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelFailure e)
        {
            failure = e.Message;
        }

        await RecordAsync(channel.Id, failure, cancellationToken).ConfigureAwait(false);
        await store.AppendAuditAsync([new AuditDraft(now, who.Name, origin, null, channel.Id, OperationTest,
            failure is null ? AuditOutcomes.Performed : AuditOutcomes.Refused, $"{channel.Kind} {channel.Name} ({channel.Target}): {failure ?? "delivered"}")],
            CancellationToken.None).ConfigureAwait(false);
        return (await FindAsync(id, cancellationToken).ConfigureAwait(false), null, failure);
    }

    /// <summary>Keeps the outcome of an attempt: a success clears the run of failures; an error counts one more.</summary>
    public async Task RecordAsync(Guid id, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            var rows = db.NotificationChannels.Where(c => c.Id == id);
            _ = error is null
                ? await rows.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSuccessAt, now).SetProperty(c => c.ConsecutiveFailures, 0), cancellationToken)
                    .ConfigureAwait(false)
                : await rows.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastErrorAt, now).SetProperty(c => c.LastError, error)
                    .SetProperty(c => c.ConsecutiveFailures, c => c.ConsecutiveFailures + 1), cancellationToken).ConfigureAwait(false);
        }

        await ListAsync(cancellationToken).ConfigureAwait(false);
        HealthChanged?.Invoke();
    }

    private bool Exists(Guid poolId) => registry.Find(poolId) is not null;

    private static XapiError? Denied(Operator who, string operation) =>
        who.Role >= Manager ? null : Xapi.PermissionDenied(operation, who.Role, Manager);

    private void Apply(ChannelRecord channel, ChannelRequest request, ChannelSecrets kept)
    {
        channel.Name = request.Name!.Trim();
        channel.MinSeverity = request.MinSeverity ?? Incidents.IncidentSeverity.Suspect;
        channel.PoolIds = string.Join(',', (request.PoolIds ?? []).Distinct());
        channel.EscalationOrder = request.EscalationOrder ?? 1;
        channel.EscalateAfterMinutes = request.EscalateAfterMinutes;
        channel.RemindEveryMinutes = request.RemindEveryMinutes;
        ChannelSecrets secrets;
        if (channel.Kind == ChannelKinds.Email)
        {
            channel.SmtpHost = request.SmtpHost!.Trim();
            channel.SmtpSecurity = request.SmtpSecurity ?? "starttls";
            channel.SmtpPort = request.SmtpPort ?? (channel.SmtpSecurity == "tls" ? 465 : channel.SmtpSecurity == "none" ? 25 : 587);
            channel.SmtpUserName = string.IsNullOrEmpty(request.SmtpUserName) ? null : request.SmtpUserName;
            channel.MailFrom = request.From!.Trim();
            channel.MailTo = string.Join(',', request.To!.Select(t => t.Trim()));
            channel.Target = $"{channel.MailTo} via {channel.SmtpHost}:{channel.SmtpPort}";
            secrets = kept with { Password = channel.SmtpUserName is null ? null : request.Password ?? kept.Password };
        }
        else
        {
            var url = request.Url ?? kept.Url!;
            channel.Target = ChannelRequest.Shown(channel.Kind, url);
            secrets = kept with { Url = url, Secret = request.Secret ?? kept.Secret };
        }

        channel.ProtectedSecrets = _protector.Protect(JsonSerializer.Serialize(secrets));
    }

    private static AuditDraft Entry(Operator who, string origin, string operation, ChannelRecord channel) =>
        new(DateTimeOffset.MinValue, who.Name, origin, null, channel.Id, operation, AuditOutcomes.Performed,
            $"{channel.Kind} {channel.Name} ({channel.Target}), min severity {channel.MinSeverity}, escalation order {channel.EscalationOrder}");

    private async Task SaveAsync(Action<PoolDashDb> change, AuditDraft entry)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            await store.ChangeWithAuditAsync(db, () =>
            {
                change(db);
                return Task.FromResult((true, (IReadOnlyList<AuditDraft>)[entry with { At = time.GetUtcNow() }]));
            }, CancellationToken.None).ConfigureAwait(false);
        }

        await ListAsync(CancellationToken.None).ConfigureAwait(false);
        Changed?.Invoke();
        HealthChanged?.Invoke();
    }
}
