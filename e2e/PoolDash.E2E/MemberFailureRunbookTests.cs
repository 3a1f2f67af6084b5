using Microsoft.Playwright;

namespace PoolDash.E2E;

/// <summary>
/// The guide's member-failure runbook in two browser pages at once, on the demo pool with a 5 s timeout: a host
/// goes silent, both pages show it dead without reload; the operator resets its VMs, sees that starting one elsewhere
/// is refused with the exact RW error until resetvdis has run, releases the locks, starts the VM, forgets the host.
/// </summary>
public class MemberFailureRunbookTests(Browser browser) : IClassFixture<Browser>
{
    private const string Pool = "/pools/d0000000-0000-4000-8000-000000000001";
    private static readonly string[] VmsOnXcp03 = ["vm-03", "vm-11", "vm-19", "vm-27"];

    private const string BobPassword = "Bob-Password-12";

    [Fact]
    public async Task A_dead_member_is_recovered_step_by_step_while_a_second_page_follows_live()
    {
        await using var server = await PoolDashServer.StartAsync(new Dictionary<string, string>
        {
            ["PoolDash__Demo__LivenessTimeoutSeconds"] = "5",
            ["PoolDash__Demo__HeartbeatIntervalSeconds"] = "0.5",
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

        // Step 2: reset the power state of its VMs, each confirmed by typing the VM's name.
        foreach (var vm in VmsOnXcp03)
        {
            await ConfirmAsync(operatorPage, $"Reset the power state of {vm}", vm);
        }

        // Step 4 before step 3: the VM cannot start elsewhere, with the storage layer's exact words.
        var start = operatorPage.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Start vm-03 on ") });
        await Assertions.Expect(start).ToBeDisabledAsync();
        await Assertions.Expect(operatorPage.GetByText("SR_BACKEND_FAILURE_46").First).ToBeVisibleAsync();
        await Assertions.Expect(operatorPage.GetByText("already attached RW").First).ToBeVisibleAsync();
        await operatorPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("runbook-2-start-refused-before-resetvdis"), FullPage = true });

        // Step 3: release its locks on the shared SR; now the VM starts.
        await ConfirmAsync(operatorPage, "Release xcp-03's locks on NFS storage", "xcp-03", "NFS storage");
        await Assertions.Expect(start).ToBeEnabledAsync();
        await start.ClickAsync();
        await Assertions.Expect(VmRow(wallPage, "vm-03")).ToContainTextAsync("Running", new() { Timeout = 15_000 });
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

        await Assertions.Expect(operatorPage.GetByText("There is no such host in this pool")).ToBeVisibleAsync(new() { Timeout = 15_000 });
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
