using Microsoft.Playwright;

namespace PoolDash.E2E;

/// <summary>
/// An operator clicks the moment a page appears, right after signing in: the click must land every time (a click
/// that must be clicked twice is a bug). Nothing here waits for the circuit before clicking.
/// </summary>
public class NoLostClicksTests(Browser browser) : IClassFixture<Browser>
{
    private const int Tries = 24;

    [Fact]
    public async Task A_click_right_after_sign_in_and_right_after_each_page_load_is_never_lost()
    {
        await using var server = await PoolDashServer.StartAsync();
        for (var i = 0; i < Tries; i++)
        {
            await using var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(server.BaseAddress, "/").ToString());
            await page.GetByLabel("User name").FillAsync("admin");
            await page.GetByLabel("Password").FillAsync(PoolDashServer.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            // At once: the pools page has just appeared.
            await page.GetByRole(AriaRole.Link, new() { Name = "Demo pool" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "xcp-08" })).ToBeVisibleAsync(new() { Timeout = 10_000 });

            // At once again, on the page that just loaded: a host's recovery plan.
            await page.GetByRole(AriaRole.Link, new() { Name = "xcp-03", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByText("Recovery plan")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }
    }
}
