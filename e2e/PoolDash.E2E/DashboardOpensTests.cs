using Microsoft.Playwright;

namespace PoolDash.E2E;

public class DashboardOpensTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task The_dashboard_opens_on_the_demo_pool_in_Chromium()
    {
        await using var server = await PoolDashServer.StartAsync();
        var anonymous = await browser.Instance.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        var notFound = new System.Collections.Concurrent.ConcurrentBag<string>();
        anonymous.Response += (_, response) =>
        {
            if (response.Status == 404)
            {
                notFound.Add(response.Url);
            }
        };
        await anonymous.GotoAsync(server.BaseAddress.ToString());
        await Assertions.Expect(anonymous.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(anonymous.GetByText("8 alive")).ToHaveCountAsync(0);
        await anonymous.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("sign-in"), FullPage = true });
        // The browser asks for the page's icon: it is there (a 404 for /favicon.ico was the first thing a newcomer saw in the console).
        await Assertions.Expect(anonymous.Locator("link[rel=icon]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("favicon"));
        using (var http = new HttpClient())
        using (var icon = await http.GetAsync(new Uri(server.BaseAddress, await anonymous.Locator("link[rel=icon]").GetAttributeAsync("href"))))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, icon.StatusCode);
        }

        Assert.Empty(notFound);

        var page = await browser.OpenAsync(server, "/");
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("admin · Pool Admin");

        await Assertions.Expect(page.GetByText("8 alive")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard-opens"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Demo pool" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "xcp-08" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "vm-01", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("pool-page"), FullPage = true });

        // A host's page draws its last hour of heartbeats (the demo's agents beat every few seconds).
        await page.GetByRole(AriaRole.Link, new() { Name = "xcp-02", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("heartbeat-summary").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^(Agent|Probe \(XAPI login\)): [1-9][0-9]* heartbeats in the last hour"));
        await Assertions.Expect(page.GetByTestId("heartbeat-chart").Locator("svg").First).ToBeVisibleAsync();
        await page.GetByTestId("heartbeat-chart").ScreenshotAsync(new() { Path = Browser.ScreenshotPath("host-heartbeat-chart") });
        await page.GoBackAsync();

        // Times are the viewer's: a browser in India sees them at UTC+05:30, the zone named in the bar, UTC on hover.
        var india = await browser.OpenAsync(server, "/pools/d0000000-0000-4000-8000-000000000001", timezoneId: "Asia/Kolkata");
        // (Chromium still names the zone by its old name, Asia/Calcutta.)
        await Assertions.Expect(india.GetByTestId("viewer-zone")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Times: Asia/(Kolkata|Calcutta)$"));
        var beat = Browser.HostRow(india, "xcp-02").Locator("time");
        var utc = DateTimeOffset.Parse(await beat.GetAttributeAsync("datetime") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        var shown = await beat.TextContentAsync();
        Assert.Equal(utc.ToOffset(TimeSpan.FromMinutes(330)).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), shown);
        Assert.EndsWith(" UTC", await beat.GetAttributeAsync("title"), StringComparison.Ordinal);

        // Signing out (a form with its anti-forgery token) ends the session: the pages ask for a sign-in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/wall").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }
}
