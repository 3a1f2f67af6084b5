using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace PoolDash.E2E;

/// <summary>
/// A wall screen opens its kiosk link in Chromium without anyone signing in: it shows the live wall, and the pool's
/// page shows the screen by its name among who is looking. Revoked by a Pool Admin, the screen says so within
/// seconds; reloaded, the link opens nothing.
/// </summary>
public class KioskLinkTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task A_screen_on_a_kiosk_link_shows_the_wall_is_seen_by_name_and_is_shut_within_seconds_when_revoked()
    {
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__DataDirectory"] = Directory.CreateTempSubdirectory("pooldash-kiosk-").FullName,
        });
        using var admin = await server.ClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/kiosk-links", new { name = "Lobby TV" });
        created.EnsureSuccessStatusCode();
        var link = await created.Content.ReadFromJsonAsync<JsonElement>();

        await using var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var screen = await context.NewPageAsync();
        await screen.GotoAsync(link.GetProperty("url").GetString()!);
        await Assertions.Expect(screen).ToHaveURLAsync(new Uri(server.BaseAddress, "/wall").ToString());
        await Assertions.Expect(screen.GetByTestId("wall-tile")).ToContainTextAsync("Demo pool");
        await Assertions.Expect(screen.GetByTestId("wall-viewers")).ToContainTextAsync("Lobby TV");

        var poolPage = await browser.OpenAsync(server, "/");
        await poolPage.GetByRole(AriaRole.Link, new() { Name = "Demo pool" }).ClickAsync();
        await Assertions.Expect(poolPage.GetByTestId("presence")).ToContainTextAsync("Lobby TV");

        using (var revoke = await admin.DeleteAsync(new Uri($"/api/v1/kiosk-links/{link.GetProperty("id").GetString()}", UriKind.Relative)))
        {
            revoke.EnsureSuccessStatusCode();
        }

        // Within seconds (Playwright's default five), with nothing from the pools left on it.
        await Assertions.Expect(screen.GetByTestId("kiosk-revoked")).ToContainTextAsync("This kiosk link was revoked by admin");
        await Assertions.Expect(screen.GetByTestId("wall-tile")).ToHaveCountAsync(0);
        await Assertions.Expect(poolPage.GetByTestId("presence")).Not.ToContainTextAsync("Lobby TV");
        await screen.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("kiosk-revoked") });

        await screen.ReloadAsync();
        await Assertions.Expect(screen.GetByLabel("User name")).ToBeVisibleAsync();
        await screen.GotoAsync(link.GetProperty("url").GetString()!);
        await Assertions.Expect(screen.GetByTestId("kiosk-refused")).ToHaveTextAsync("This kiosk link does not open the wall");
    }
}
