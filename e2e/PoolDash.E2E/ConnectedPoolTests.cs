using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.E2E;

/// <summary>A pool connected through XAPI (the emulator, a real process) seen in Chromium, and still followed after
/// PoolDash restarts on the same data folder (its stored password read back with the data folder's keys).</summary>
public class ConnectedPoolTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task A_connected_pool_shows_its_source_and_hosts_and_is_followed_again_after_a_restart()
    {
        await using var emulator = await EmulatorProcess.StartAsync(Path.Combine(PoolDashServer.RepositoryRoot(), "docs", "pool-description.example.json"),
            "--password", "Xapi-Secret-7");
        var data = Directory.CreateTempSubdirectory("pooldash-connected-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["PoolDash__DataDirectory"] = data,
            ["PoolDash__Demo__Enabled"] = "false",
            ["PoolDash__Xapi__AllowPlainHttp"] = "true",
        };
        const string Pool = "/pools/6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0001";

        await using (var first = await PoolDashServer.StartAsync(settings))
        {
            using var admin = await first.ClientAsync();
            using var connected = await admin.PostAsJsonAsync("/api/v1/pools/connect",
                new { masterAddress = emulator.Master.ToString(), userName = "root", password = "Xapi-Secret-7" });
            Assert.Equal(HttpStatusCode.Created, connected.StatusCode);

            var page = await browser.OpenAsync(first, Pool);
            await Assertions.Expect(page.GetByTestId("pool-source")).ToContainTextAsync($"Connected through XAPI to {emulator.Master.ToString().TrimEnd('/')}");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "xcp-master" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "db", Exact = true })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("connected-pool"), FullPage = true });
        }

        await using var second = await PoolDashServer.StartAsync(settings);
        using var again = await second.ClientAsync();
        using var status = await again.GetAsync($"/api/v1/pools/6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0001/connection");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var restarted = await browser.OpenAsync(second, Pool);
        // Followed again: its first read after the restart is shown as the last one.
        await Assertions.Expect(restarted.GetByTestId("pool-source")).ToContainTextAsync("last read from the pool at");
    }

    [Fact]
    public async Task A_Pool_Admin_adds_a_pool_from_the_page_and_sees_its_hosts_after_a_member_address_is_refused_with_what_to_do()
    {
        await using var emulator = await EmulatorProcess.StartAsync(Path.Combine(PoolDashServer.RepositoryRoot(), "docs", "pool-description.example.json"),
            "--password", "Xapi-Secret-7");
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__Demo__Enabled"] = "false",
            ["PoolDash__Xapi__AllowPlainHttp"] = "true",
        });
        var page = await browser.OpenAsync(server, "/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Add a pool" }).ClickAsync();
        await page.GetByLabel("Master address").FillAsync(emulator.Member.ToString());
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Xapi-Secret-7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("connect-error")).ToContainTextAsync($"HOST_IS_SLAVE: This host is a pool member; its master is {emulator.Prefix}.2");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("add-pool-refused"), FullPage = true });

        await page.GetByLabel("Master address").FillAsync(emulator.Master.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("pool-source")).ToContainTextAsync("Connected through XAPI to");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "xcp-03" })).ToBeVisibleAsync();
        Assert.EndsWith("/pools/6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0001", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("add-pool-connected"), FullPage = true });
    }
}
