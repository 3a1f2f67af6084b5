using Microsoft.Playwright;

namespace PoolDash.E2E;

/// <summary>At 390×844, the first screen many people see at 3 a.m.: the app bar fits (its links fold into a menu, the
/// user's name is not cut off by the bar running over), and the menu takes them where they need to go.</summary>
public class PhoneTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task On_a_phone_the_app_bar_fits_and_its_menu_opens_every_page()
    {
        await using var server = await PoolDashServer.StartAsync();
        var page = await browser.OpenAsync(server, "/pools/d0000000-0000-4000-8000-000000000001");
        await page.SetViewportSizeAsync(390, 844);

        var bar = page.Locator(".mud-appbar");
        await Assertions.Expect(page.GetByTestId("nav-menu")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Wall screen" })).ToBeHiddenAsync();
        Assert.True(await bar.EvaluateAsync<bool>("b => b.querySelector('.mud-toolbar').scrollWidth <= b.clientWidth"), "the app bar runs over its width");
        // The user's name whole, on one line, inside the screen; signing out is one tap.
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("admin", new() { UseInnerText = true });
        var who = (await page.GetByTestId("signed-in-as").BoundingBoxAsync())!;
        Assert.True(who.X + who.Width <= 390 && who.Height < 40, $"the signed-in line is at {who.X}+{who.Width}, {who.Height} high");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("phone-1-pool-page") });

        await page.GetByTestId("nav-menu").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Notifications" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/notifications$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("phone-2-menu-to-notifications") });
        await AssertNoSidewaysScrollAsync(page, "the Notifications page");
    }

    [Fact]
    public async Task On_a_phone_hosts_are_cards_and_a_dead_hosts_plan_and_its_confirmation_work_by_thumb()
    {
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__Demo__LivenessTimeoutSeconds"] = "4",
            ["PoolDash__Xapi__ProbeIntervalSeconds"] = "0.5",
        });
        var page = await browser.OpenAsync(server, "/pools/d0000000-0000-4000-8000-000000000001");
        await page.SetViewportSizeAsync(390, 844);

        // Hosts as cards, with the state in words; the desktop table is not shown.
        var cards = page.GetByTestId("host-card");
        await Assertions.Expect(cards).ToHaveCountAsync(8);
        await Assertions.Expect(cards.First).ToContainTextAsync("xcp-01");
        await Assertions.Expect(cards.First).ToContainTextAsync("Alive");
        await Assertions.Expect(page.GetByTestId("host-row").First).ToBeHiddenAsync();
        await AssertNoSidewaysScrollAsync(page, "the pool page");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("phone-3-host-cards"), FullPage = true });

        // A member crashes (the demo's drill); its page's plan and the first step's form fit a thumb.
        await page.GetByText("Drills (demo pool)").ClickAsync();
        await AssertNoSidewaysScrollAsync(page, "the pool page with its drills open");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crash xcp-03" }).ClickAsync();
        await Assertions.Expect(cards.Filter(new() { HasText = "xcp-03" })).ToContainTextAsync("Dead", new() { Timeout = 30_000 });
        await cards.Filter(new() { HasText = "xcp-03" }).GetByRole(AriaRole.Link, new() { Name = "xcp-03" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-step").First).ToContainTextAsync("Confirm xcp-03 is down");
        await AssertNoSidewaysScrollAsync(page, "the host page");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("phone-4-host-page"), FullPage = true });
        await page.GetByTestId("plan-step").First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("phone-5-host-plan") });
        // Every button of the plan is inside the screen, big enough for a thumb.
        foreach (var button in await page.GetByTestId("plan-step").GetByRole(AriaRole.Button).AllAsync())
        {
            var box = (await button.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 390 && box.Height >= 28, $"'{await button.TextContentAsync()}' is at {box.X}+{box.Width}, {box.Height} high");
        }
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string what) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"),
            $"{what} scrolls sideways at 390 px: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide");
}
