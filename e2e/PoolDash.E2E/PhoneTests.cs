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
    }
}
