using Microsoft.Playwright;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.E2E;

/// <summary>
/// A stale feed is loud: when the server stops, every open page — the wall above all — says across the top since when
/// it is not live, within five seconds, without covering what it shows, and the wall's tiles turn visibly stale. When
/// the server is back, each page shows the pools as they are now (the circuit is gone, so the page reloads) and the
/// bar goes.
/// </summary>
public class StaleFeedTests(Browser browser) : IClassFixture<Browser>
{
    private const string Pool = "/pools/d0000000-0000-4000-8000-000000000001";

    [Fact]
    public async Task Every_open_page_says_it_is_not_live_within_five_seconds_of_the_server_stopping_and_comes_back_current()
    {
        var port = Ports.Free();
        var settings = new Dictionary<string, string> { ["PoolDash__DataDirectory"] = Directory.CreateTempSubdirectory("pooldash-stale-").FullName };
        var first = await PoolDashServer.StartAsync(settings, port);
        var pages = new[]
        {
            await browser.OpenAsync(first, Pool),
            await browser.OpenAsync(first, $"{Pool}/hosts/d0000000-0000-4000-8010-000000000003"),
            await browser.OpenAsync(first, "/wall"),
        };
        foreach (var page in pages)
        {
            await Assertions.Expect(page.GetByTestId("stale-banner")).ToBeHiddenAsync();
        }

        await first.KillAsync();
        await first.DisposeAsync();

        foreach (var page in pages)
        {
            var banner = page.GetByTestId("stale-banner");
            await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 5_000 });
            await Assertions.Expect(banner).ToContainTextAsync("Not live since");
            await Assertions.Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("pd-stale"));
            // A bar, not a modal: one line at the top, the page's data still there and reachable under it.
            Assert.True((await banner.BoundingBoxAsync())!.Height < 80);
            // Red with white text: another stylesheet (MudBlazor's, for this id) once made it white on white.
            Assert.Equal("rgb(183, 28, 28)", await banner.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        }

        var wall = pages[2];
        await Assertions.Expect(wall.GetByTestId("wall-tile")).ToBeVisibleAsync();
        await Assertions.Expect(wall.GetByTestId("wall-tile")).ToContainTextAsync("Demo pool");
        await wall.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("stale-1-wall-not-live") });
        await pages[0].ScreenshotAsync(new() { Path = Browser.ScreenshotPath("stale-2-pool-page-not-live") });

        await using var second = await PoolDashServer.StartAsync(settings, port);
        foreach (var page in pages)
        {
            await Assertions.Expect(page.GetByTestId("stale-banner")).ToBeHiddenAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("body")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("pd-stale"));
            await page.GetByTestId("interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }

        await Assertions.Expect(wall.GetByTestId("wall-tile")).ToContainTextAsync("8 alive");
        await Assertions.Expect(Browser.HostRow(pages[0], "xcp-03")).ToContainTextAsync("Alive");
    }
}
