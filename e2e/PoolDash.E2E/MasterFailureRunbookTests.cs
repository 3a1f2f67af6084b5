using Microsoft.Playwright;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.E2E;

/// <summary>
/// The guide's master-failure procedures on the demo pool (an emulated XenServer pool reached through XAPI): without HA
/// the members wait, an operator promotes one at its own address and recovers the others on the pool, and the old
/// master coming back is demoted; with HA the pool elects a new master by itself and PoolDash shows it.
/// </summary>
public class MasterFailureRunbookTests(Browser browser) : IClassFixture<Browser>
{
    private const string Pool = "/pools/d0000000-0000-4000-8000-000000000001";

    private const string XapiPassword = "E2e-Xapi-Password-4";
    private static readonly string EmulatorPrefix = $"127.5.{Random.Shared.Next(1, 250)}";
    private static readonly int EmulatorPort = Ports.Free();

    private static readonly Dictionary<string, string> ShortTimeouts = new()
    {
        ["PoolDash__Demo__LivenessTimeoutSeconds"] = "5",
        ["PoolDash__Demo__HaTimeoutSeconds"] = "5",
        ["PoolDash__Xapi__ProbeIntervalSeconds"] = "0.5",
        ["PoolDash__Demo__EmulatorBindPrefix"] = EmulatorPrefix,
        ["PoolDash__Demo__EmulatorPort"] = EmulatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PoolDash__Demo__EmulatorPassword"] = XapiPassword,
    };

    [Fact]
    public async Task Without_HA_a_member_is_promoted_the_others_recovered_and_the_old_master_demoted()
    {
        await using var server = await PoolDashServer.StartAsync(ShortTimeouts);
        await Browser.CreateUserAsync(server, "bob", "Pool Admin", "Bob-Password-12");
        var operatorPage = await browser.OpenAsync(server, Pool);
        var second = await browser.OpenAsync(server, Pool, "bob", "Bob-Password-12");
        var wall = await browser.OpenAsync(server, "/wall");

        await operatorPage.GetByText("Drills (demo pool)").ClickAsync();
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Crash xcp-01" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Button, new() { Name = "Bring xcp-01 back" })).ToBeVisibleAsync();
        var banner = operatorPage.GetByTestId("master-banner");
        await Assertions.Expect(banner).ToContainTextAsync("Members are waiting for the master to return", new() { Timeout = 30_000 });
        await Assertions.Expect(wall.GetByTestId("wall-tile")).ToContainTextAsync("Master xcp-01 DOWN", new() { Timeout = 15_000 });
        await operatorPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("master-1-members-waiting"), FullPage = true });

        // pool-emergency-transition-to-master on xcp-02, confirmed by typing its name, approved by a second Pool Admin.
        await Browser.ConfirmAsync(operatorPage, "Make xcp-02 master", "xcp-02", warning: "two masters over the same storage corrupt data");
        await second.GetByTestId("approval").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync(new() { Timeout = 15_000 });

        // Carried out on the pool: xcp-02's xapi restarts as master, PoolDash finds it among the members and follows it.
        // pool-recover-slaves: the live members follow the new master.
        var recover = operatorPage.GetByTestId("recover-banner");
        await Assertions.Expect(recover).ToContainTextAsync("still point at the old master", new() { Timeout = 45_000 });
        await recover.GetByRole(AriaRole.Button, new() { Name = "Recover slaves" }).ClickAsync();
        // Done when the pool shows the members following xcp-02: a XAPI call and the next read (seconds on a loaded machine).
        await Assertions.Expect(recover).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(Browser.HostRow(operatorPage, "xcp-02")).ToContainTextAsync("master");

        // The old master returns: demoted, never master again, and said so loudly.
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Bring xcp-01 back" }).ClickAsync();
        await Assertions.Expect(Browser.HostRow(operatorPage, "xcp-01")).ToContainTextAsync("Alive", new() { Timeout = 15_000 });
        await Assertions.Expect(Browser.HostRow(operatorPage, "xcp-01")).ToContainTextAsync("member");
        await Assertions.Expect(Browser.HostRow(operatorPage, "xcp-02")).ToContainTextAsync("master");
        await Assertions.Expect(wall.GetByText("xcp-01 came back after xcp-02 became master: demoted to member")).ToBeVisibleAsync();
        await operatorPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("master-2-old-master-demoted"), FullPage = true });
        await wall.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("master-3-wall"), FullPage = true });

        // Xen Orchestra's client, at the old master's address, is sent on to the new one: the pool itself has xcp-02 as
        // master, and xcp-01 back as a live member.
        var pool = await XenOrchestra.StateAsync($"http://{EmulatorPrefix}.2:{EmulatorPort}", "root", XapiPassword);
        Assert.Equal("xcp-02", pool.GetProperty("master").GetString());
        Assert.True(pool.GetProperty("hosts").GetProperty("xcp-01").GetProperty("live").GetBoolean());
    }

    [Fact]
    public async Task With_HA_the_election_appears_by_itself()
    {
        await using var server = await PoolDashServer.StartAsync(ShortTimeouts);
        var page = await browser.OpenAsync(server, Pool);

        await page.GetByRole(AriaRole.Button, new() { Name = "Enable HA" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Disable HA" })).ToBeVisibleAsync();
        await page.GetByText("Drills (demo pool)").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Crash xcp-01" }).ClickAsync();

        // Nobody clicks anything: HA fences xcp-01 and elects the live member with the lowest UUID.
        await Assertions.Expect(Browser.HostRow(page, "xcp-02")).ToContainTextAsync("master", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("xcp-02 is the new master (ha-election)")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(Browser.HostRow(page, "xcp-01")).ToContainTextAsync("Dead");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("ha-election"), FullPage = true });

        var pool = await XenOrchestra.StateAsync($"http://{EmulatorPrefix}.3:{EmulatorPort}", "root", XapiPassword);
        Assert.Equal("xcp-02", pool.GetProperty("master").GetString());
        Assert.False(pool.GetProperty("hosts").GetProperty("xcp-01").GetProperty("live").GetBoolean());
    }
}
