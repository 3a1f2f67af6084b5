using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace PoolDash.E2E;

/// <summary>
/// The wall as a team sees it across the room, in Chromium at 1920x1080 and 3840x2160: three pools (one healthy, one
/// with a dead member and an acknowledged incident, one whose master is lost), trouble first, a tile per host that
/// says its state in words and colour, all on one screen; and 50 pools of 64 hosts on one screen.
/// </summary>
public sealed class WallScreenTests : IClassFixture<Browser>
{
    private readonly Browser _browser;

    public WallScreenTests(Browser browser) => _browser = browser;

    [Fact]
    public async Task Three_pools_at_1080p_and_4K_trouble_first_each_host_a_tile_all_on_one_screen()
    {
        await using var server = await PoolDashServer.StartAsync(NoDemo("pooldash-wall-"));
        using var client = await server.ClientAsync();
        await CreateAsync(client, "alpha", hosts: 4, timeoutSeconds: 600);
        var bravo = await CreateAsync(client, "bravo", hosts: 6, timeoutSeconds: 4);
        var charlie = await CreateAsync(client, "charlie", hosts: 4, timeoutSeconds: 4);
        // bravo-03 and charlie's master (charlie-01) fall silent; everyone else in those pools beats once a second.
        using var stop = new CancellationTokenSource();
        var beating = HeartbeatEverySecondAsync(server, bravo.Tokens.Where(t => t.Key != bravo.Hosts[2]).Concat(charlie.Tokens.Where(t => t.Key != charlie.Hosts[0])),
            stop.Token);

        var wall = await _browser.OpenAsync(server, "/wall");
        await wall.SetViewportSizeAsync(1920, 1080);
        var deadTile = wall.Locator("[data-host='bravo-03']");
        await Assertions.Expect(deadTile).ToHaveAttributeAsync("data-state", "dead", new() { Timeout = 30_000 });
        await Assertions.Expect(wall.Locator("[data-pool='charlie'] [data-testid=wall-master]")).ToHaveTextAsync("Master charlie-01 DOWN", new() { Timeout = 30_000 });

        // The incident is stored once the wall lists it.
        await Assertions.Expect(wall.Locator("[data-pool='bravo'] [data-testid=wall-incident]")).ToContainTextAsync("bravo-03 dead — nobody has acknowledged it");
        var incidents = await client.GetFromJsonAsync<JsonElement>($"/api/v1/incidents?poolId={bravo.Id}&state=triggered");
        var incident = incidents.EnumerateArray().Single(i => i.GetProperty("subject").GetString() == "bravo-03");
        using (var ack = await client.PostAsJsonAsync($"/api/v1/incidents/{incident.GetProperty("id").GetString()}/acknowledge", new { note = "swapping the PSU" }))
        {
            ack.EnsureSuccessStatusCode();
        }

        await Assertions.Expect(wall.Locator("[data-pool='bravo'] [data-testid=wall-incident]")).ToContainTextAsync("bravo-03 dead — admin is on it: swapping the PSU");
        await Assertions.Expect(wall.Locator("[data-pool='bravo'] [data-testid=wall-plan-progress]")).ToContainTextAsync("plan step 1 of");
        await Assertions.Expect(deadTile.GetByTestId("host-tile-state")).ToHaveTextAsync("DEAD");
        await Assertions.Expect(deadTile.GetByTestId("host-tile-vms")).ToHaveTextAsync("1 VM still on it: bravo-vm-03");
        await Assertions.Expect(wall.Locator("[data-host='alpha-01'] [data-testid=host-tile-state]")).ToHaveTextAsync("ALIVE · master");

        // Trouble first (by name among equals), the healthy pool last; the red pools are drawn across the whole width.
        Assert.Equal(["bravo", "charlie", "alpha"], await wall.GetByTestId("wall-tile").EvaluateAllAsync<string[]>("ps => ps.map(p => p.dataset.pool)"));
        await Assertions.Expect(wall.GetByTestId("wall-summary")).ToHaveTextAsync("3 pools: 2 in trouble, 0 to watch");
        Assert.Empty(await wall.GetByRole(AriaRole.Banner).AllAsync());
        Assert.Equal(14, await wall.GetByTestId("host-tile").CountAsync());

        foreach (var (width, height, smallest) in new[] { (1920, 1080, 24.0), (3840, 2160, 48.0) })
        {
            await wall.SetViewportSizeAsync(width, height);
            await wall.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"wall-three-pools-{width}x{height}") });
            // One screen, no scrolling; a host's name is big enough to read across the room (about 17 mm on a 55" TV).
            Assert.True(await wall.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= innerHeight"), $"the wall scrolls at {width}x{height}");
            var nameSize = await deadTile.Locator(".pd-tile-name").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
            Assert.True(nameSize >= smallest, $"host names are {nameSize}px at {width}x{height}");
        }

        await stop.CancelAsync();
        await beating;
    }

    [Fact]
    public async Task Fifty_pools_of_64_hosts_fit_one_screen_and_the_pool_in_trouble_is_first_and_larger()
    {
        await using var server = await PoolDashServer.StartAsync(NoDemo("pooldash-wall-dense-"));
        using var client = await server.ClientAsync();
        Pool? troubled = null;
        for (var i = 1; i <= 50; i++)
        {
            // Pool 37 has a short timeout and a member that never reports; the rest are 600 s pools just created.
            var pool = await CreateAsync(client, $"pool-{i:00}", hosts: 64, timeoutSeconds: i == 37 ? 4 : 600);
            troubled = i == 37 ? pool : troubled;
        }

        using var stop = new CancellationTokenSource();
        var beating = HeartbeatEverySecondAsync(server, troubled!.Tokens.Where(t => t.Key != troubled.Hosts[9]), stop.Token);
        var wall = await _browser.OpenAsync(server, "/wall");
        await wall.SetViewportSizeAsync(1920, 1080);
        await Assertions.Expect(wall.Locator("[data-host='pool-37-10']")).ToHaveAttributeAsync("data-state", "dead", new() { Timeout = 30_000 });
        Assert.Equal(3200, await wall.GetByTestId("host-tile").CountAsync());
        var pools = await wall.GetByTestId("wall-tile").EvaluateAllAsync<string[]>("ps => ps.map(p => p.dataset.pool)");
        Assert.Equal("pool-37", pools[0]);
        Assert.Equal(50, pools.Length);

        foreach (var (width, height) in new[] { (1920, 1080), (3840, 2160) })
        {
            await wall.SetViewportSizeAsync(width, height);
            await wall.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"wall-50x64-{width}x{height}") });
            Assert.True(await wall.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= innerHeight"), $"50 pools of 64 scroll at {width}x{height}");
            var troubledTile = await wall.Locator("[data-host='pool-37-10']").BoundingBoxAsync();
            var healthyTile = await wall.Locator("[data-host='pool-01-10']").BoundingBoxAsync();
            Assert.True(troubledTile!.Width * troubledTile.Height > 4 * healthyTile!.Width * healthyTile.Height, "the pool in trouble is not drawn larger");
        }

        await Assertions.Expect(wall.Locator("[data-host='pool-37-10'] [data-testid=host-tile-state]")).ToHaveTextAsync("DEAD");
        await stop.CancelAsync();
        await beating;
    }

    private sealed record Pool(Guid Id, IReadOnlyList<string> Hosts, IReadOnlyDictionary<string, string> Tokens);

    private static Dictionary<string, string> NoDemo(string data) => new()
    {
        ["PoolDash__DataDirectory"] = Directory.CreateTempSubdirectory(data).FullName,
        ["PoolDash__Demo__Enabled"] = "false",
    };

    /// <summary>A pool of <paramref name="hosts"/> hosts named name-01.., the first the master, each running one VM.</summary>
    private static async Task<Pool> CreateAsync(HttpClient client, string name, int hosts, int timeoutSeconds)
    {
        var id = Guid.NewGuid();
        var hostIds = Enumerable.Range(0, hosts).Select(_ => Guid.NewGuid().ToString()).ToList();
        var srId = Guid.NewGuid().ToString();
        var vdis = hostIds.Select(_ => Guid.NewGuid().ToString()).ToList();
        var description = new
        {
            id,
            name,
            livenessTimeoutSeconds = timeoutSeconds,
            haEnabled = false,
            hosts = hostIds.Select((h, i) => new { id = h, name = $"{name}-{i + 1:00}", address = $"192.0.2.{i + 1}", memoryMiB = 262144, role = i == 0 ? "Master" : "Member" }),
            srs = new[] { new { id = srId, name = "NFS storage", shared = true } },
            vdis = vdis.Select((v, i) => new { id = v, name = $"{name}-disk-{i + 1:00}", srId }),
            vms = hostIds.Select((h, i) => new
            {
                id = Guid.NewGuid().ToString(),
                name = $"{name}-vm-{i + 1:00}",
                memoryMiB = 4096,
                powerState = "Running",
                residentOn = h,
                disks = new[] { new { vdiId = vdis[i], mode = "RW" } },
            }),
        };
        using var created = await client.PostAsJsonAsync("/api/v1/pools", description);
        created.EnsureSuccessStatusCode();
        var tokens = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").EnumerateArray()
            .ToDictionary(t => t.GetProperty("hostId").GetString()!, t => t.GetProperty("token").GetString()!);
        return new(id, hostIds, tokens);
    }

    /// <summary>The hosts' agents: one heartbeat each per second, the rhythm a real agent keeps.</summary>
    private static async Task HeartbeatEverySecondAsync(PoolDashServer server, IEnumerable<KeyValuePair<string, string>> hosts, CancellationToken stop)
    {
        var list = hosts.ToList();
        using var agent = new HttpClient { BaseAddress = server.BaseAddress };
        using var rhythm = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                foreach (var (hostId, token) in list)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats") { Content = JsonContent.Create(new { hostId }) };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await agent.SendAsync(request, stop);
                    response.EnsureSuccessStatusCode();
                }
            }
            while (await rhythm.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The test is over.
        }
    }
}
