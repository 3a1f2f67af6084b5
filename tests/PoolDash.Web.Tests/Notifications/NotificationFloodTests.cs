using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Incidents;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Notifications;
using PoolDash.Web.Pools;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.Web.Tests.Notifications;

/// <summary>
/// Floods and silence: ten hosts dying together are one message per channel; a host that comes back before the
/// group's wait is over is never announced; an incident nobody acknowledges goes again to its channel and on to the
/// next order, until someone acknowledges it; a host that stays dead is a reminder per interval.
/// </summary>
public sealed class NotificationFloodTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "a-shared-secret-of-some-length";
    private static readonly Guid PoolId = Guid.Parse("bbbbbbbb-0000-4000-8000-000000000001");

    private readonly WebhookReceiver _first = new(Secret);
    private readonly WebhookReceiver _second = new(Secret);
    private readonly PoolDashFactory _factory = new();
    private HttpClient _admin = null!;
    private NotificationsApi _api = null!;
    private Dictionary<Guid, string> _tokens = null!;

    public async Task InitializeAsync()
    {
        _admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        _api = new NotificationsApi(_admin, _factory.Services.GetRequiredService<NotificationDispatcher>());
        _tokens = await TestPools.CreateAsync(_admin, Rack());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public async Task Ten_hosts_dead_in_the_same_minute_are_one_message_per_channel_listing_them()
    {
        var channel = await _api.CreateAsync(Hook(_first, "rack-room"));

        await KillAsync(Members);
        var owed = await _api.UntilAsync(() => { }, () => _api.DeliveriesAsync(channel.Id), d => d.Count == 10);
        Assert.All(owed, d => Assert.Equal(("pending", "triggered", "dead"), (d.Status, d.State, d.Severity)));
        Assert.Empty(_first.Requests);

        // The group's wait (30 s by default) ends: one message, the ten hosts in it.
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        var message = Assert.Single(await _first.UntilAsync(m => m.Count == 1));
        Assert.Equal(10, message.GetProperty("incidents").GetArrayLength());
        Assert.Equal(Members.Select(m => $"m{m:00}").Order(), message.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("host").GetString()).Order());
        Assert.Equal("triggered", message.GetProperty("state").GetString());
        await _api.UntilAsync(() => { }, () => _api.DeliveriesAsync(channel.Id), d => d.All(x => x.Status == "delivered"));
        Assert.Single(_first.Requests);
    }

    [Fact]
    public async Task A_host_back_before_the_groups_wait_ends_is_never_announced()
    {
        var channel = await _api.CreateAsync(Hook(_first, "rack-room"));

        await KillAsync([1]);
        await _api.UntilAsync(() => { }, () => _api.DeliveriesAsync(channel.Id), d => d.Count == 1);
        await TestPools.HeartbeatAsync(_admin, _tokens[HostId(1)], HostId(1));
        await _api.UntilAsync(() => { }, () => _api.DeliveriesAsync(channel.Id), d => d.Count == 2);

        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        var muted = await _api.UntilAsync(() => { }, () => _api.DeliveriesAsync(channel.Id), d => d.All(x => x.Status != "pending"));
        Assert.All(muted, d => Assert.Equal("muted", d.Status));
        await _api.PassAsync();
        Assert.Empty(_first.Requests);
    }

    [Fact]
    public async Task Nobody_acknowledging_sends_it_again_and_to_the_next_order_until_someone_does()
    {
        await _api.CreateAsync(Hook(_first, "on-call", escalationOrder: 1, escalateAfterMinutes: 5));
        var lead = await _api.CreateAsync(Hook(_second, "team-lead", escalationOrder: 2));

        await KillAsync([1]);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        await _first.UntilAsync(m => m.Count == 1);
        await _api.PassAsync();
        Assert.Empty(_second.Requests);

        // Five minutes without an acknowledgement, counted from when the channel was first owed it.
        _factory.Time.Advance(TimeSpan.FromMinutes(5));
        await _api.UntilAsync(() => { }, () => _api.DeliveriesAsync(lead.Id), d => d.Count == 1);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        var again = await _first.UntilAsync(m => m.Count == 2);
        Assert.Equal("escalated", again[1].GetProperty("state").GetString());
        var escalated = Assert.Single(await _second.UntilAsync(m => m.Count == 1));
        Assert.Equal(("escalated", "m01"), (escalated.GetProperty("state").GetString(), escalated.GetProperty("host").GetString()));

        var incident = Assert.Single(_factory.Services.GetRequiredService<IncidentBook>().List(PoolId, IncidentStates.Triggered));
        using (var acknowledged = await _admin.PostAsJsonAsync(new Uri($"/api/v1/incidents/{incident.Id}/acknowledge", UriKind.Relative), new { note = "on it" }))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("acknowledged", (await _second.UntilAsync(m => m.Count == 2))[1].GetProperty("state").GetString());
        Assert.Equal("acknowledged", (await _first.UntilAsync(m => m.Count == 3))[2].GetProperty("state").GetString());

    }

    [Fact]
    public async Task An_incident_acknowledged_in_time_is_not_escalated()
    {
        await _api.CreateAsync(Hook(_first, "on-call", escalationOrder: 1, escalateAfterMinutes: 5));
        await _api.CreateAsync(Hook(_second, "team-lead", escalationOrder: 2));

        await KillAsync([1]);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        await _first.UntilAsync(m => m.Count == 1);
        var incident = Assert.Single(_factory.Services.GetRequiredService<IncidentBook>().List(PoolId, IncidentStates.Triggered));
        using (var acknowledged = await _admin.PostAsJsonAsync(new Uri($"/api/v1/incidents/{incident.Id}/acknowledge", UriKind.Relative), new { note = "on it" }))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("acknowledged", (await _first.UntilAsync(m => m.Count == 2))[1].GetProperty("state").GetString());
        await NothingMoreAsync(TimeSpan.FromMinutes(30));
        Assert.Equal((2, 0), (_first.Requests.Count, _second.Requests.Count));
        Assert.Equal(1, _factory.Services.GetRequiredService<IncidentBook>().Find(incident.Id)!.EscalationLevel);
    }

    [Fact]
    public async Task A_host_that_stays_dead_is_a_reminder_per_interval_and_resolved_ends_them()
    {
        var onCall = await _api.CreateAsync(Hook(_first, "on-call", remindEveryMinutes: 15));

        await KillAsync([1]);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        await _first.UntilAsync(m => m.Count == 1);

        _factory.Time.Advance(TimeSpan.FromMinutes(15));
        await _api.UntilAsync(() => { }, () => _api.DeliveriesAsync(onCall.Id), d => d.Count == 2);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        var reminder = (await _first.UntilAsync(m => m.Count == 2))[1];
        Assert.Equal(("reminder", "dead", "m01"), (reminder.GetProperty("state").GetString(), reminder.GetProperty("severity").GetString(),
            reminder.GetProperty("host").GetString()));

        await TestPools.HeartbeatAsync(_admin, _tokens[HostId(1)], HostId(1));
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("resolved", (await _first.UntilAsync(m => m.Count == 3))[2].GetProperty("state").GetString());
        // m01 goes into maintenance so that its next 600 s of silence are not a new death; the sign-in's token lives an
        // hour of the test's clock: half an hour more is enough to see no reminder.
        using (var quiet = await _admin.PostAsJsonAsync(new Uri($"/api/v1/pools/{PoolId}/maintenance", UriKind.Relative),
            new { hostId = HostId(1), reason = "keeps the test's clock free", until = _factory.Time.GetUtcNow().AddDays(1) }))
        {
            Assert.Equal(HttpStatusCode.Created, quiet.StatusCode);
        }

        await NothingMoreAsync(TimeSpan.FromMinutes(30));
        Assert.True(_first.Requests.Count == 3, string.Join("\n", _first.Requests.Select(r => r.Raw)));
    }

    private static readonly int[] Members = [.. Enumerable.Range(1, 10)];

    private static object Hook(WebhookReceiver receiver, string name, int escalationOrder = 1, int? escalateAfterMinutes = null, int? remindEveryMinutes = null) =>
        new { kind = "webhook", name, url = receiver.Url, secret = Secret, minSeverity = "dead", poolIds = (Guid[]?)null, escalationOrder, escalateAfterMinutes, remindEveryMinutes };

    private static Guid HostId(int n) => Guid.Parse($"cccccccc-0000-4000-8000-{n:000000000000}");

    /// <summary>A master and twelve members; the master and the last two are in maintenance for the day, so that hours
    /// can pass in a test without their silence becoming incidents of its own.</summary>
    private PoolDescription Rack() => new()
    {
        Id = PoolId,
        Name = "rack-7",
        Hosts = [.. Enumerable.Range(0, 13).Select(n => new HostDescription
        {
            Id = HostId(n), Name = $"m{n:00}", Address = $"192.0.2.{10 + n}", MemoryMiB = 65536, Role = n == 0 ? HostRole.Master : HostRole.Member,
        })],
        Maintenance = [.. new[] { 0, 11, 12 }.Select(n => new MaintenanceWindow(Guid.NewGuid(), HostId(n), "keeps the test's clock free", "test",
            _factory.Time.GetUtcNow(), _factory.Time.GetUtcNow().AddDays(1)))],
    };

    /// <summary>Lets <paramref name="span"/> pass, then the group's wait, so that anything owed meanwhile has been sent.</summary>
    private async Task NothingMoreAsync(TimeSpan span)
    {
        _factory.Time.Advance(span);
        await _api.PassAsync();
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        await _api.PassAsync();
    }

    /// <summary>The members <paramref name="members"/> fall silent for the pool's 600 s while the others report.</summary>
    private async Task KillAsync(int[] members)
    {
        var pool = _factory.Services.GetRequiredService<PoolRegistry>().Find(PoolId)!;
        var book = _factory.Services.GetRequiredService<IncidentBook>();
        _factory.Time.Advance(TimeSpan.FromSeconds(599));
        foreach (var n in Enumerable.Range(1, 12).Except(members))
        {
            pool.RecordHeartbeat(HostId(n));
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        _factory.Services.GetRequiredService<LivenessMonitor>().SweepAll();
        await _api.UntilAsync(() => { }, () => Task.FromResult(book.List(PoolId, IncidentStates.Triggered).Count(i => i.Severity == IncidentSeverity.Dead)),
            n => n == members.Length);

        // The members still alive go into maintenance, so that the hours a test lets pass do not kill them too.
        foreach (var n in Enumerable.Range(1, 10).Except(members))
        {
            using var quiet = await _admin.PostAsJsonAsync(new Uri($"/api/v1/pools/{PoolId}/maintenance", UriKind.Relative),
                new { hostId = HostId(n), reason = "keeps the test's clock free", until = _factory.Time.GetUtcNow().AddDays(1) });
            Assert.Equal(HttpStatusCode.Created, quiet.StatusCode);
        }
    }
}
