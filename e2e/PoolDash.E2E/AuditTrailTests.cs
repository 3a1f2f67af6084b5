using Microsoft.Playwright;

namespace PoolDash.E2E;

/// <summary>The audit page in Chromium: PoolDash's own verdict on a crashed host is there, and the chain holds.</summary>
public class AuditTrailTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task A_timeout_verdict_appears_in_the_audit_trail_and_the_chain_verifies()
    {
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__Demo__LivenessTimeoutSeconds"] = "4",
            ["PoolDash__Xapi__ProbeIntervalSeconds"] = "0.5",
        });
        var pool = await browser.OpenAsync(server, "/pools/d0000000-0000-4000-8000-000000000001");
        await pool.GetByText("Drills (demo pool)").ClickAsync();
        await pool.GetByRole(AriaRole.Button, new() { Name = "Crash xcp-03" }).ClickAsync();
        await Assertions.Expect(Browser.HostRow(pool, "xcp-03")).ToContainTextAsync("Dead", new() { Timeout = 30_000 });

        var audit = await browser.OpenAsync(server, "/audit");
        await Assertions.Expect(audit.GetByRole(AriaRole.Cell, new() { Name = "host-declared-dead" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(audit.GetByRole(AriaRole.Cell, new() { Name = "pooldash-start" })).ToBeVisibleAsync();
        await audit.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
        await Assertions.Expect(audit.GetByTestId("audit-verification")).ToContainTextAsync("The chain holds.");
        await audit.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("audit-trail"), FullPage = true });
    }
}
