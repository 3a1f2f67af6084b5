using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Incidents;
using PoolDash.Web.Notifications;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.Web.Tests.Notifications;

/// <summary>
/// A webhook channel, against a real HTTP receiver on loopback that checks the HMAC signature: a dead host is one
/// signed message with its VMs; the acknowledgement and the resolution follow; a receiver that fails gets the same
/// message again, under the same idempotency key, after the dispatcher's backoff; the channel shows its last error.
/// </summary>
public sealed class WebhookNotificationTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "a-shared-secret-of-some-length";

    private readonly WebhookReceiver _receiver = new(Secret);
    private readonly PoolDashFactory _factory = new() { Settings = new Dictionary<string, string?> { ["PoolDash:Notifications:GroupWaitSeconds"] = "0" } };
    private HttpClient _admin = null!;
    private NotificationsApi _api = null!;
    private Dictionary<Guid, string> _tokens = null!;

    public async Task InitializeAsync()
    {
        _admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        _api = new NotificationsApi(_admin, _factory.Services.GetRequiredService<NotificationDispatcher>());
        _tokens = await TestPools.CreateAsync(_admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
        _receiver.Dispose();
    }

    [Fact]
    public async Task A_dead_host_is_one_signed_message_with_its_VMs_then_who_is_on_it_then_resolved()
    {
        var channel = await _api.CreateAsync(new { kind = "webhook", name = "ops-hook", url = _receiver.Url, secret = Secret, minSeverity = "suspect", poolIds = (Guid[]?)null });
        Assert.Equal(_receiver.Url, channel.Target);
        var listed = await _admin.GetStringAsync(new Uri("/api/v1/notifications/channels", UriKind.Relative));
        Assert.DoesNotContain(Secret, listed, StringComparison.Ordinal);

        TestPools.KillA(_factory);
        var taken = await _receiver.UntilAsync(m => m.Any(Is("triggered", "dead")));
        var dead = Assert.Single(taken);
        Assert.Equal(("xs-a", "api-pool", TestPools.PoolId, TestPools.A), (dead.GetProperty("host").GetString(), dead.GetProperty("pool").GetString(),
            dead.GetProperty("poolId").GetGuid(), dead.GetProperty("hostId").GetGuid()));
        Assert.Equal(["web"], dead.GetProperty("vmsAffected").EnumerateArray().Select(v => v.GetString()));
        Assert.StartsWith("xs-a is dead (no sign of life for 600 s)", dead.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var received = Assert.Single(_receiver.Requests);
        Assert.True(received.SignedRight);
        Assert.Equal(received.Key, dead.GetProperty("idempotencyKey").GetString());

        var incident = Assert.Single(_factory.Services.GetRequiredService<IncidentBook>().List(TestPools.PoolId, null));
        using (var victor = await _factory.ClientAsync("victor", Role.VmOperator))
        using (var acknowledged = await victor.PostAsJsonAsync(new Uri($"/api/v1/incidents/{incident.Id}/acknowledge", UriKind.Relative), new { note = "driving to the DC" }))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        var ack = (await _receiver.UntilAsync(m => m.Any(Is("acknowledged", "dead")))).Single(Is("acknowledged", "dead"));
        Assert.Equal("victor", ack.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("driving to the DC", ack.GetProperty("incidents")[0].GetProperty("acknowledgeNote").GetString());

        await TestPools.HeartbeatAsync(_admin, _tokens[TestPools.A], TestPools.A);
        var resolved = (await _receiver.UntilAsync(m => m.Any(Is("resolved", "dead")))).Single(Is("resolved", "dead"));
        Assert.StartsWith("xs-a is alive again", resolved.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Equal(3, _receiver.Requests.Select(r => r.Key).Distinct().Count());

        var after = await _api.ChannelAsync(channel.Id);
        Assert.NotNull(after.LastSuccessAt);
        Assert.Null(after.LastError);
    }

    [Fact]
    public async Task A_failing_receiver_gets_the_same_message_again_under_the_same_key_after_the_backoff_and_the_channel_shows_the_error()
    {
        var channel = await _api.CreateAsync(new { kind = "webhook", name = "flaky", url = _receiver.Url, secret = Secret, minSeverity = "dead", poolIds = new[] { TestPools.PoolId } });
        // Three 500s: the first attempt and its two immediate retries.
        _receiver.FailNext = 3;

        var failed = await _api.UntilAsync(() => TestPools.KillA(_factory), () => _api.ChannelAsync(channel.Id), c => c.ConsecutiveFailures == 1);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Empty(_receiver.Taken);
        Assert.Contains("answered HTTP 500", failed.LastError, StringComparison.Ordinal);
        Assert.False(failed.Failing);

        // The dispatcher's first retry is due 10 s later (PoolDash:Notifications:RetryFirstSeconds).
        _factory.Time.Advance(TimeSpan.FromSeconds(10));
        var taken = await _receiver.UntilAsync(m => m.Count == 1);
        Assert.Equal("dead", taken[0].GetProperty("severity").GetString());
        Assert.Single(_receiver.Requests.Select(r => r.Key).Distinct());
        var healed = await _api.UntilAsync(() => { }, () => _api.ChannelAsync(channel.Id), c => c.ConsecutiveFailures == 0);
        Assert.NotNull(healed.LastSuccessAt);
        Assert.Contains("answered HTTP 500", healed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_channels_are_refused_with_the_field_named_and_nothing_is_stored()
    {
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { kind = "pager", name = "x", url = _receiver.Url, secret = Secret }, "kind"),
            (new { kind = "webhook", name = "x", url = "ftp://example.org/", secret = Secret }, "url"),
            (new { kind = "webhook", name = "x", url = _receiver.Url, secret = "short" }, "secret"),
            (new { kind = "webhook", name = "x", url = _receiver.Url, secret = Secret, minSeverity = "bad" }, "minSeverity"),
            (new { kind = "email", name = "x", smtpHost = "smtp.example.org", smtpSecurity = "none", from = "pd@example.org", to = new[] { "ops@example.org" } }, "smtpSecurity"),
            (new { kind = "email", name = "x", smtpHost = "127.0.0.1", from = "pd@example.org", to = Array.Empty<string>() }, "to"),
        })
        {
            using var refused = await _admin.PostAsJsonAsync(new Uri("/api/v1/notifications/channels", UriKind.Relative), body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("INVALID_VALUE", problem.GetProperty("code").GetString());
            Assert.Equal(field, problem.GetProperty("params")[0].GetString());
        }

        using var operatorClient = await _factory.ClientAsync("olga", Role.PoolOperator);
        using (var denied = await operatorClient.PostAsJsonAsync(new Uri("/api/v1/notifications/channels", UriKind.Relative),
            new { kind = "webhook", name = "x", url = _receiver.Url, secret = Secret }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        Assert.Empty(await _api.ListAsync());
    }

    private static Func<JsonElement, bool> Is(string state, string severity) =>
        m => m.GetProperty("state").GetString() == state && m.GetProperty("severity").GetString() == severity;
}
