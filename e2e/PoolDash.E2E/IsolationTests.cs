using Microsoft.Playwright;

namespace PoolDash.E2E;

/// <summary>
/// A demo host cut off from PoolDash while its master still hears it (the emulated pool's cut-off drill) is shown loudly
/// as Isolated, not Dead, in Chromium: the pool page, the host page's alert with each channel's last sign of life, and
/// the destructive steps refused naming the channel that still sees it. Brought back, it is simply alive.
/// </summary>
public class IsolationTests(Browser browser) : IClassFixture<Browser>
{
    private const string Pool = "/pools/d0000000-0000-4000-8000-000000000001";

    [Fact]
    public async Task A_host_cut_off_from_PoolDash_is_shown_isolated_and_nothing_destructive_can_touch_it()
    {
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__Demo__LivenessTimeoutSeconds"] = "5",
            ["PoolDash__Xapi__ProbeIntervalSeconds"] = "0.5",
        });
        var page = await browser.OpenAsync(server, Pool);
        await page.GetByText("Drills (demo pool)").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cut xcp-04 off" }).ClickAsync();

        await Assertions.Expect(Browser.HostRow(page, "xcp-04")).ToContainTextAsync("Isolated", new() { Timeout = 30_000 });
        // (A phone's host cards carry the same mark, hidden at this width: the one shown is the table's.)
        await Assertions.Expect(page.GetByTestId("pool-tile").Or(page.Locator(".pd-liveness-isolated")).Filter(new() { Visible = true }).First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "xcp-04", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("isolated-alert")).ToContainTextAsync("ISOLATED — not dead");
        await Assertions.Expect(page.GetByTestId("isolated-alert")).ToContainTextAsync("the pool master still reports it live");
        await Assertions.Expect(page.GetByTestId("channel-master")).ToContainTextAsync("reports it live");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Declare xcp-04 dead (steps 2 and 3 in one)" })).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByText("isolated, not dead").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("attest-form")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("isolated-host"), FullPage = true });

        await page.GotoAsync(new Uri(server.BaseAddress, Pool).ToString());
        await page.GetByText("Drills (demo pool)").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bring xcp-04 back" }).ClickAsync();
        await Assertions.Expect(Browser.HostRow(page, "xcp-04")).ToContainTextAsync("Alive", new() { Timeout = 15_000 });
    }
}
