using Microsoft.Playwright;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.E2E;

/// <summary>
/// The guide's member-failure runbook in two browser pages at once, on the demo pool — an emulated XenServer pool that
/// PoolDash reaches through XAPI — with a 5 s timeout: a host crashes, both pages show it dead without reload; the
/// operator vouches that it is off, resets its VMs on the pool, sees that starting one elsewhere is refused with the
/// exact RW error, releases the locks by declaring the host dead (XAPI's own hook, approved by a second Pool Admin),
/// starts the VM, forgets the host. Xen Orchestra's client then reads the pool itself and finds each effect there.
/// </summary>
public class MemberFailureRunbookTests(Browser browser) : IClassFixture<Browser>
{
    private const string Pool = "/pools/d0000000-0000-4000-8000-000000000001";
    private static readonly string[] VmsOnXcp03 = ["vm-03", "vm-11", "vm-19", "vm-27"];

    private const string BobPassword = "Bob-Password-12";
    private const string XapiPassword = "E2e-Xapi-Password-3";
    private static readonly string EmulatorPrefix = $"127.4.{Random.Shared.Next(1, 250)}";
    private static readonly int EmulatorPort = Ports.Free();

    [Fact]
    public async Task A_dead_member_is_recovered_step_by_step_while_a_second_page_follows_live()
    {
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__Demo__LivenessTimeoutSeconds"] = "5",
            ["PoolDash__Xapi__ProbeIntervalSeconds"] = "0.5",
            ["PoolDash__Demo__EmulatorBindPrefix"] = EmulatorPrefix,
            ["PoolDash__Demo__EmulatorPort"] = EmulatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PoolDash__Demo__EmulatorPassword"] = XapiPassword,
        });
        await Browser.CreateUserAsync(server, "bob", "Pool Admin", BobPassword);
        var operatorPage = await browser.OpenAsync(server, Pool);
        var wallPage = await browser.OpenAsync(server, Pool, "bob", BobPassword);

        // Each page shows who else is looking at the pool.
        await Assertions.Expect(operatorPage.GetByTestId("presence")).ToContainTextAsync("bob", new() { Timeout = 15_000 });
        await Assertions.Expect(wallPage.GetByTestId("presence")).ToContainTextAsync("admin");

        // xcp-03 crashes (the drills panel); both pages see it dead without reloading.
        await operatorPage.GetByText("Drills (demo pool)").ClickAsync();
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Crash xcp-03" }).ClickAsync();
        foreach (var page in new[] { operatorPage, wallPage })
        {
            await Assertions.Expect(Browser.HostRow(page, "xcp-03")).ToContainTextAsync("Dead", new() { Timeout = 30_000 });
        }

        await wallPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("runbook-1-dead-on-second-page"), FullPage = true });

        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "xcp-03", Exact = true }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("host-liveness")).ToHaveTextAsync("Dead");

        // Step 1: silence is not proof. Every later step waits until someone vouches how they checked it is off.
        await Assertions.Expect(operatorPage.GetByTestId("step-waiting").First).ToContainTextAsync("nobody has yet attested that xcp-03 is powered off");
        await operatorPage.GetByTestId("attest-note").FillAsync("iDRAC: chassis power off");
        await operatorPage.GetByTestId("attest-submit").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("step-attestation")).ToContainTextAsync("Vouched for by admin");
        await Assertions.Expect(operatorPage.GetByTestId("step-attestation")).ToContainTextAsync("iDRAC: chassis power off");

        // Step 2: reset the power state of its VMs on the pool, each confirmed by typing the VM's name.
        foreach (var vm in VmsOnXcp03)
        {
            await ConfirmAsync(operatorPage, $"Reset the power state of {vm}", vm);
        }

        await operatorPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("runbook-1b-reset"), FullPage = true });

        // Step 4 before step 3: the VM cannot start elsewhere, with the storage layer's exact words.
        var start = operatorPage.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Start vm-03 on ") });
        await Assertions.Expect(start).ToBeDisabledAsync();
        await Assertions.Expect(operatorPage.GetByText("SR_BACKEND_FAILURE_46").First).ToBeVisibleAsync();
        await Assertions.Expect(operatorPage.GetByText("already attached RW").First).ToBeVisibleAsync();
        // Step 3 on a real pool is resetvdis.py on the pool master (docs/decisions/0006): shown, not sent.
        await Assertions.Expect(operatorPage.GetByTestId("run-on-master")).ToContainTextAsync("run this on the pool master");
        await operatorPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("runbook-2-start-refused-before-resetvdis"), FullPage = true });

        // The locks are released by XAPI's own hook: host-declare-dead, which bob approves from his own page.
        await Browser.ConfirmAsync(operatorPage, "Declare xcp-03 dead (steps 2 and 3 in one)", "xcp-03");
        var declare = wallPage.GetByTestId("approval");
        await Assertions.Expect(declare).ToContainTextAsync("host-declare-dead on xcp-03, requested by admin", new() { Timeout = 15_000 });
        await declare.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(start).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await start.ClickAsync();
        await Assertions.Expect(VmRow(wallPage, "vm-03")).ToContainTextAsync("Running", new() { Timeout = 30_000 });
        await Assertions.Expect(VmRow(wallPage, "vm-03")).Not.ToContainTextAsync("xcp-03");

        // Step 5: forget it. The two-person rule holds the request until another Pool Admin approves it: bob sees it
        // appear live on his own page, approves it from his own sign-in, and both pages show the host gone.
        await Browser.ConfirmAsync(operatorPage, "Forget xcp-03", "xcp-03");
        var request = wallPage.GetByTestId("approval");
        await Assertions.Expect(request).ToContainTextAsync("host-forget on xcp-03, requested by admin", new() { Timeout = 15_000 });
        await Assertions.Expect(operatorPage.GetByTestId("approval").GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await Assertions.Expect(Browser.HostRow(wallPage, "xcp-03")).ToHaveCountAsync(1);
        await wallPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("runbook-3-pending-approval"), FullPage = true });
        await request.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Assertions.Expect(operatorPage.GetByText("There is no such host in this pool")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(Browser.HostRow(wallPage, "xcp-03")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Assertions.Expect(wallPage.GetByTestId("approval")).ToHaveCountAsync(0);
        await wallPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("runbook-4-forgotten"), FullPage = true });

        // Both see the audit entries: requested by admin, approved by bob, performed.
        foreach (var page in new[] { operatorPage, wallPage })
        {
            await page.GotoAsync(new Uri(server.BaseAddress, "/audit").ToString());
            var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "host-forget" });
            await Assertions.Expect(WithOutcome(page, rows, "pending")).ToContainTextAsync("admin");
            await Assertions.Expect(WithOutcome(page, rows, "approved")).ToContainTextAsync("bob");
            await Assertions.Expect(WithOutcome(page, rows, "performed")).ToContainTextAsync("approved by bob");
        }

        await wallPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("runbook-5-audit"), FullPage = true });

        // Xen Orchestra's client, reading the pool itself: xcp-03 is gone, vm-03 runs elsewhere with its disk's lock
        // there, the other VMs of xcp-03 are halted and hold no lock on it.
        var pool = await XenOrchestra.StateAsync($"http://{EmulatorPrefix}.2:{EmulatorPort}", "root", XapiPassword);
        Assert.False(pool.GetProperty("hosts").TryGetProperty("xcp-03", out _));
        var vm03 = pool.GetProperty("vms").GetProperty("vm-03");
        Assert.Equal("Running", vm03.GetProperty("powerState").GetString());
        var runsOn = vm03.GetProperty("residentOn").GetString()!;
        Assert.Equal("RW", pool.GetProperty("vdis").GetProperty("vm-03 disk 0").GetProperty(runsOn).GetString());
        foreach (var vm in VmsOnXcp03[1..])
        {
            Assert.Equal("Halted", pool.GetProperty("vms").GetProperty(vm).GetProperty("powerState").GetString());
        }

        Assert.DoesNotContain(pool.GetProperty("vdis").EnumerateObject(), d => d.Value.TryGetProperty("xcp-03", out _));
    }


    private static ILocator WithOutcome(IPage page, ILocator rows, string outcome) =>
        rows.Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = outcome, Exact = true }) });

    private static ILocator VmRow(IPage page, string vm) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = vm, Exact = true }) });

    private static async Task ConfirmAsync(IPage page, string operation, string targetName, string? srName = null)
    {
        await Browser.ConfirmAsync(page, operation, targetName, srName);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = operation, Exact = true })).ToHaveCountAsync(0);
    }
}
