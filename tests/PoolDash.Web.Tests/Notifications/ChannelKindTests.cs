using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Notifications;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.Web.Tests.Notifications;

/// <summary>
/// Each kind of channel as its receiver expects it: e-mail through a real SMTP server (python3-aiosmtpd) that
/// requires the stored password; Slack's and Mattermost's <c>{"text"}</c>; a Teams Adaptive Card; and the test button,
/// which says at once whether the channel takes a message and records it as the channel's last success or error.
/// </summary>
public sealed class ChannelKindTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new() { Settings = new Dictionary<string, string?> { ["PoolDash:Notifications:GroupWaitSeconds"] = "0" } };
    private HttpClient _admin = null!;
    private NotificationsApi _api = null!;

    public async Task InitializeAsync()
    {
        _admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        _api = new NotificationsApi(_admin, _factory.Services.GetRequiredService<NotificationDispatcher>());
        await TestPools.CreateAsync(_admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task An_e_mail_channel_logs_in_with_its_stored_password_and_sends_the_dead_host_with_its_VMs()
    {
        await using var smtp = await SmtpServerProcess.StartAsync();
        var channel = await _api.CreateAsync(new
        {
            kind = "email",
            name = "ops mail",
            smtpHost = SmtpServerProcess.Host,
            smtpPort = smtp.Port,
            smtpSecurity = "none",
            smtpUserName = SmtpServerProcess.User,
            password = SmtpServerProcess.Password,
            from = "pooldash@example.org",
            to = new[] { "ops@example.org", "lead@example.org" },
            minSeverity = "dead",
        });
        Assert.DoesNotContain(SmtpServerProcess.Password, await _admin.GetStringAsync(new Uri("/api/v1/notifications/channels", UriKind.Relative)), StringComparison.Ordinal);

        TestPools.KillA(_factory);
        var mail = Assert.Single(await smtp.UntilAsync(1));
        Assert.Equal("pooldash@example.org", mail.GetProperty("from").GetString());
        Assert.Equal(["ops@example.org", "lead@example.org"], mail.GetProperty("to").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(SmtpServerProcess.User, mail.GetProperty("user").GetString());
        var data = mail.GetProperty("data").GetString()!;
        Assert.Contains("Subject: [PoolDash] api-pool: xs-a dead", data, StringComparison.Ordinal);
        Assert.Contains("VMs: web", data, StringComparison.Ordinal);
        Assert.Contains("X-PoolDash-Idempotency-Key: pd-", data, StringComparison.Ordinal);
        Assert.Null((await _api.ChannelAsync(channel.Id)).LastError);
    }

    [Fact]
    public async Task A_wrong_SMTP_password_is_the_channels_last_error_and_the_test_button_says_so()
    {
        await using var smtp = await SmtpServerProcess.StartAsync();
        var channel = await _api.CreateAsync(new
        {
            kind = "email",
            name = "ops mail",
            smtpHost = SmtpServerProcess.Host,
            smtpPort = smtp.Port,
            smtpSecurity = "none",
            smtpUserName = SmtpServerProcess.User,
            password = "not-the-password",
            from = "pooldash@example.org",
            to = new[] { "ops@example.org" },
        });

        using var tested = await _admin.PostAsync(new Uri($"/api/v1/notifications/channels/{channel.Id}/test", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadGateway, tested.StatusCode);
        var problem = await tested.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("NOTIFICATION_CHANNEL_FAILED", problem.GetProperty("code").GetString());
        Assert.Contains("535", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Empty(smtp.Messages);
        var failed = await _api.ChannelAsync(channel.Id);
        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.DoesNotContain("not-the-password", failed.LastError, StringComparison.Ordinal);

        // Fixed by changing only the password; the test button then delivers.
        using (var changed = await _admin.PutAsJsonAsync(new Uri($"/api/v1/notifications/channels/{channel.Id}", UriKind.Relative), new
        {
            name = "ops mail",
            smtpHost = SmtpServerProcess.Host,
            smtpPort = smtp.Port,
            smtpSecurity = "none",
            smtpUserName = SmtpServerProcess.User,
            password = SmtpServerProcess.Password,
            from = "pooldash@example.org",
            to = new[] { "ops@example.org" },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        using var again = await _admin.PostAsync(new Uri($"/api/v1/notifications/channels/{channel.Id}/test", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("this channel works", Assert.Single(await smtp.UntilAsync(1)).GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await _api.ChannelAsync(channel.Id)).ConsecutiveFailures);
    }

    [Fact]
    public async Task Slack_Mattermost_and_Teams_get_the_message_in_their_own_format_and_their_URL_is_never_shown_again()
    {
        using var slack = new WebhookReceiver(null);
        using var teams = new WebhookReceiver(null);
        var slackChannel = await _api.CreateAsync(new { kind = "slack", name = "#ops", url = slack.Url + "T000/B000/XXXXSECRET", minSeverity = "dead" });
        await _api.CreateAsync(new { kind = "teams", name = "Ops team", url = teams.Url + "workflows/SECRETSIG", minSeverity = "dead" });
        Assert.EndsWith("/…", slackChannel.Target, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", await _admin.GetStringAsync(new Uri("/api/v1/notifications/channels", UriKind.Relative)), StringComparison.Ordinal);

        TestPools.KillA(_factory);
        var text = Assert.Single(await slack.UntilAsync(m => m.Count == 1)).GetProperty("text").GetString();
        Assert.StartsWith("[PoolDash] api-pool: xs-a dead — triggered", text, StringComparison.Ordinal);
        Assert.Contains("VMs: web", text, StringComparison.Ordinal);
        var card = Assert.Single(await teams.UntilAsync(m => m.Count == 1)).GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        Assert.Equal("api-pool: xs-a dead — triggered", card.GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString());
    }
}
