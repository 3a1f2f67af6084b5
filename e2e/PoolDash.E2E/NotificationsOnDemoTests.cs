using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.E2E;

/// <summary>
/// Notifications on the demo pool, in Chromium, with a real HTTP receiver that checks the signature: a crashed member
/// is "suspect" then one "dead" with its VMs; "I'm on it" on one page shows on a second page and the wall, and is
/// sent; brought back, it is "resolved". A host in maintenance that falls silent is no verdict and no message. A channel
/// added on the Notifications page whose receiver is gone is shown failing on the wall. Seven members crashed
/// together (all but the master of the demo's eight) are one message.
/// </summary>
public class NotificationsOnDemoTests(Browser browser) : IClassFixture<Browser>
{
    private const string Pool = "/pools/d0000000-0000-4000-8000-000000000001";
    private const string Secret = "a-shared-secret-of-some-length";

    [Fact]
    public async Task A_crashed_member_is_suspect_then_dead_acknowledged_resolved_and_a_failing_channel_is_on_the_wall()
    {
        using var receiver = new WebhookReceiver(Secret);
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__Demo__LivenessTimeoutSeconds"] = "5",
            ["PoolDash__Xapi__ProbeIntervalSeconds"] = "0.5",
            ["PoolDash__Notifications__GroupWaitSeconds"] = "0",
            ["PoolDash__Notifications__RetryFirstSeconds"] = "0.5",
        });
        using var api = await server.ClientAsync();
        using (var created = await api.PostAsJsonAsync("/api/v1/notifications/channels",
            new { kind = "webhook", name = "ops-hook", url = receiver.Url, secret = Secret, minSeverity = "suspect" }))
        {
            created.EnsureSuccessStatusCode();
        }

        await Browser.CreateUserAsync(server, "victor", "VM Operator", "Victor-Password-12");
        var page = await browser.OpenAsync(server, Pool);
        var second = await browser.OpenAsync(server, Pool, "victor", "Victor-Password-12");
        var wall = await browser.OpenAsync(server, "/wall");

        await page.GetByText("Drills (demo pool)").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Crash xcp-03" }).ClickAsync();
        var told = await receiver.UntilAsync(m => m.Any(Is("triggered", "dead", "xcp-03")));
        Assert.Equal(("triggered", "suspect"), (told[0].GetProperty("state").GetString(), told[0].GetProperty("severity").GetString()));
        Assert.Single(told, m => Is("triggered", "dead", "xcp-03")(m));
        var dead = told.Single(Is("triggered", "dead", "xcp-03"));
        Assert.Equal(["vm-03", "vm-11", "vm-19", "vm-27"], dead.GetProperty("vmsAffected").EnumerateArray().Select(v => v.GetString()));
        Assert.All(receiver.Requests, r => Assert.True(r.SignedRight));

        // Victor says he is on it, on his page; the admin's page and the wall show who and why; the channel hears it.
        var incident = second.GetByTestId("incident").Filter(new() { HasText = "xcp-03" });
        await incident.GetByTestId("incident-note").FillAsync("swapping the PSU");
        await incident.GetByTestId("incident-acknowledge").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-acknowledged")).ToContainTextAsync("Acknowledged by victor");
        await Assertions.Expect(page.GetByTestId("incident-acknowledged")).ToContainTextAsync("swapping the PSU");
        await Assertions.Expect(wall.GetByTestId("wall-incident")).ToContainTextAsync("xcp-03 dead — victor is on it: swapping the PSU");
        var ack = (await receiver.UntilAsync(m => m.Any(Is("acknowledged", "dead", "xcp-03")))).Single(Is("acknowledged", "dead", "xcp-03"));
        Assert.Equal("victor", ack.GetProperty("acknowledgedBy").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Bring xcp-03 back" }).ClickAsync();
        // (On its way back xcp-03 is first heard by PoolDash, then by its master: its severity at the end is that moment's.)
        var resolved = (await receiver.UntilAsync(m => m.Any(Is("resolved", null, "xcp-03")))).Single(Is("resolved", null, "xcp-03"));
        Assert.StartsWith("xcp-03 is alive again", resolved.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // xcp-05 in maintenance and xcp-06 not, both crashed: by the time xcp-06 is dead, xcp-05 has had the same
        // silence and is neither dead nor announced.
        using (var window = await api.PostAsJsonAsync($"/api/v1/pools/d0000000-0000-4000-8000-000000000001/maintenance",
            new { hostId = Host(5), reason = "firmware update", until = DateTimeOffset.UtcNow.AddHours(1) }))
        {
            window.EnsureSuccessStatusCode();
        }

        foreach (var host in new[] { 5, 6 })
        {
            using var crashed = await api.PostAsync($"/api/v1/demo/hosts/{Host(host)}/crash", null);
            crashed.EnsureSuccessStatusCode();
        }

        await receiver.UntilAsync(m => m.Any(Is("triggered", "dead", "xcp-06")));
        Assert.DoesNotContain(receiver.Taken, m => m.GetProperty("host").GetString() == "xcp-05");
        await Assertions.Expect(Browser.HostRow(page, "xcp-05")).ToContainTextAsync("in maintenance");
        await Assertions.Expect(Browser.HostRow(page, "xcp-05")).Not.ToContainTextAsync("Dead");

        // A second channel, added on the Notifications page, whose receiver is gone: on the wall after three failures.
        var notifications = await browser.OpenAsync(server, "/notifications");
        await notifications.GetByTestId("channel-name").FillAsync("night-pager");
        await notifications.GetByTestId("channel-url").FillAsync($"http://127.0.0.1:{Ports.Free()}/gone");
        await notifications.GetByTestId("channel-secret").FillAsync(Secret);
        await notifications.GetByTestId("channel-save").ClickAsync();
        await Assertions.Expect(notifications.GetByTestId("channel-row").Filter(new() { HasText = "night-pager" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Crash xcp-07" }).ClickAsync();
        await Assertions.Expect(wall.GetByTestId("wall-channel-failing")).ToContainTextAsync("Notifications to night-pager (webhook) are failing",
            new() { Timeout = 30_000 });
        await Assertions.Expect(wall.GetByTestId("wall-channel-failing")).ToContainTextAsync("did not answer");
        await Assertions.Expect(notifications.GetByTestId("channel-failing")).ToBeVisibleAsync();
        await wall.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("notify-1-wall-failing-channel"), FullPage = true });
        await notifications.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("notify-2-notifications-page"), FullPage = true });
    }

    [Fact]
    public async Task Seven_members_crashed_together_are_one_message_listing_them()
    {
        using var receiver = new WebhookReceiver(Secret);
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__Demo__LivenessTimeoutSeconds"] = "5",
            ["PoolDash__Xapi__ProbeIntervalSeconds"] = "0.5",
            ["PoolDash__Notifications__GroupWaitSeconds"] = "10",
        });
        using var api = await server.ClientAsync();
        using (var created = await api.PostAsJsonAsync("/api/v1/notifications/channels",
            new { kind = "webhook", name = "ops-hook", url = receiver.Url, secret = Secret, minSeverity = "suspect" }))
        {
            created.EnsureSuccessStatusCode();
        }

        await Task.WhenAll(Enumerable.Range(2, 7).Select(async host =>
        {
            using var crashed = await api.PostAsync($"/api/v1/demo/hosts/{Host(host)}/crash", null);
            crashed.EnsureSuccessStatusCode();
        }));

        var message = Assert.Single(await receiver.UntilAsync(m => m.Count >= 1));
        Assert.Equal(Enumerable.Range(2, 7).Select(n => $"xcp-{n:00}"),
            message.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("host").GetString()).Order());
        Assert.All(message.GetProperty("incidents").EnumerateArray(), i => Assert.Equal("dead", i.GetProperty("severity").GetString()));
        // Owed: a "suspect" then a "dead" for each; the seven "dead" went under one key, and each "suspect", said by
        // its "dead" in the same group, was muted before anything was sent.
        var deliveries = (await api.GetFromJsonAsync<JsonElement>("/api/v1/notifications/deliveries")).EnumerateArray().ToList();
        var deaths = deliveries.Where(d => d.GetProperty("severity").GetString() == "dead").ToList();
        Assert.Equal(7, deaths.Count);
        Assert.Equal(message.GetProperty("idempotencyKey").GetString(), Assert.Single(deaths.Select(d => d.GetProperty("idempotencyKey").GetString()).Distinct()));
        Assert.All(deliveries.Where(d => d.GetProperty("severity").GetString() == "suspect"), d => Assert.Equal("muted", d.GetProperty("status").GetString()));
        Assert.Single(receiver.Requests);
    }

    private static string Host(int n) => $"d0000000-0000-4000-8010-{n:x12}";

    private static Func<JsonElement, bool> Is(string state, string? severity, string host) => m =>
        m.GetProperty("state").GetString() == state && (severity is null || m.GetProperty("severity").GetString() == severity) && m.GetProperty("host").GetString() == host;
}
