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

    /// <summary>A laptop-sized page on <paramref name="path"/>, once the Blazor circuit is interactive (earlier
    /// clicks can be lost).</summary>
    public async Task<IPage> OpenAsync(PoolDashServer server, string path)
    {
        var page = await Instance.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        await page.GotoAsync(new Uri(server.BaseAddress, path).ToString());
        await page.GetByTestId("interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
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
