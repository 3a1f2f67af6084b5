using System.Net.Http.Json;
using Microsoft.Playwright;

namespace PoolDash.E2E;

/// <summary>Debian's Chromium driven by Playwright (its own browser download cannot run here).</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = null!;

    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    /// <summary>A laptop-sized page in a browser context of its own (its own cookies), signed in as
    /// <paramref name="userName"/> through the sign-in form, on <paramref name="path"/> once the Blazor circuit is
    /// interactive (earlier clicks can be lost).</summary>
    public async Task<IPage> OpenAsync(PoolDashServer server, string path, string userName = "admin", string password = PoolDashServer.AdminPassword,
        string? timezoneId = null)
    {
        var page = await Instance.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 }, TimezoneId = timezoneId });
        await page.GotoAsync(new Uri(server.BaseAddress, path).ToString());
        // Not signed in: PoolDash sends the browser to its sign-in page, and back to the path afterwards.
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByTestId("interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>Clicks a dangerous operation and passes its dialog: the target's name (and an SR's) typed, the
    /// warning acknowledged, then Run (or Request, when the two-person rule holds it for a second Pool Admin).</summary>
    public static async Task ConfirmAsync(IPage page, string operation, string targetName, string? srName = null, string? warning = null)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = operation, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        if (warning is not null)
        {
            await Assertions.Expect(dialog).ToContainTextAsync(warning);
        }

        await dialog.GetByLabel("Type the target's name to confirm").FillAsync(targetName);
        if (srName is not null)
        {
            await dialog.GetByLabel("Type the SR's name to confirm").FillAsync(srName);
        }

        await dialog.GetByRole(AriaRole.Checkbox).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Run|Request)$") }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>Makes a second Pool Admin through the users API, as an admin's script would.</summary>
    public static async Task CreateUserAsync(PoolDashServer server, string userName, string role, string password)
    {
        using var admin = await server.ClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName, role, password });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>The pool page's row of a host, found by the link with its name.</summary>
    public static ILocator HostRow(IPage page, string host) =>
        page.GetByTestId("host-row").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = host, Exact = true }) });

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("POOLDASH_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // Root in CI needs --no-sandbox; the rest keep Chromium off a network this machine does not have.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright?.Dispose();
    }
}
