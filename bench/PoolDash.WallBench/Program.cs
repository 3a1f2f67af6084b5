using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

// Push latency to the wall: from a host's verdict deadline (its last heartbeat as PoolDash recorded it, plus the pool's
// timeout) to the moment its tile says "dead" in the DOM of each of PAGES wall pages in Chromium (kiosk links, so no
// sign-in), for ROUNDS hosts one after another. FILLER pools of 64 never-heard hosts (600 s timeout) make the wall a
// crowded one. Usage: dotnet run -c Release -- BASE_URL ADMIN_PASSWORD [PAGES=20] [ROUNDS=10] [FILLER=0]
var baseUrl = new Uri(args[0]);
var password = args[1];
var pages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
var filler = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
const int TimeoutSeconds = 2;

using var http = new HttpClient { BaseAddress = baseUrl };
using (var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin", password }))
{
    login.EnsureSuccessStatusCode();
    http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
}

for (var i = 0; i < filler; i++)
{
    await CreatePoolAsync($"filler-{i:000}", 64, 600);
}

var (poolId, hosts, tokens) = await CreatePoolAsync("wall-bench", rounds + 2, TimeoutSeconds);
var silent = new HashSet<string>();
using var stop = new CancellationTokenSource();
var beating = BeatAsync(stop.Token);

using var created = await http.PostAsJsonAsync("/api/v1/kiosk-links", new { name = "wall-bench" });
created.EnsureSuccessStatusCode();
var kiosk = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("POOLDASH_CHROMIUM") ?? "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
});
var walls = new List<IPage>();
for (var i = 0; i < pages; i++)
{
    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
    var page = await context.NewPageAsync();
    await page.GotoAsync(kiosk);
    try
    {
        await page.WaitForSelectorAsync("[data-testid=interactive]", new() { State = WaitForSelectorState.Attached });
    }
    catch (TimeoutException)
    {
        Console.Error.WriteLine($"page {i} at {page.Url} did not go live: {await page.InnerTextAsync("body")}");
        throw;
    }

    await page.WaitForSelectorAsync($"[data-host='{Name(hosts.Count - 1)}']");
    // The moment (epoch ms, sub-ms) each tile first says dead, seen as the DOM changes.
    await page.EvaluateAsync("""
        () => {
          window.pdDead = {};
          const look = () => {
            for (const t of document.querySelectorAll('[data-testid=host-tile][data-state=dead]'))
              if (!(t.dataset.host in window.pdDead)) window.pdDead[t.dataset.host] = performance.timeOrigin + performance.now();
          };
          new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
        }
        """);
    walls.Add(page);
}

var latencies = new List<double>();
for (var round = 1; round <= rounds; round++)
{
    var host = hosts[round];
    lock (silent)
    {
        silent.Add(host);
    }

    foreach (var page in walls)
    {
        await page.WaitForFunctionAsync($"() => '{Name(round)}' in window.pdDead", null, new() { Timeout = 60_000 });
    }

    var state = await http.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{poolId}");
    var last = state.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("id").GetString() == host).GetProperty("lastHeartbeat").GetDateTimeOffset();
    var deadline = last.AddSeconds(TimeoutSeconds).ToUnixTimeMilliseconds() + (last.Ticks % TimeSpan.TicksPerMillisecond) / (double)TimeSpan.TicksPerMillisecond;
    foreach (var page in walls)
    {
        latencies.Add(await page.EvaluateAsync<double>($"() => window.pdDead['{Name(round)}']") - deadline);
    }

    Console.Error.WriteLine($"round {round}: {latencies.TakeLast(pages).Min():0.0}..{latencies.TakeLast(pages).Max():0.0} ms");
}

await stop.CancelAsync();
await beating;
// The first round also pays for the server's first run of the dead-host paths (JIT) and the pool's first move to the
// top of the wall: said apart, never left out.
var afterFirst = latencies.Skip(pages).Order().ToList();
latencies.Sort();
Console.WriteLine(JsonSerializer.Serialize(new
{
    pages,
    rounds,
    fillerPools = filler,
    samples = latencies.Count,
    p50Ms = Math.Round(Percentile(latencies, 0.50), 1),
    p95Ms = Math.Round(Percentile(latencies, 0.95), 1),
    maxMs = Math.Round(latencies[^1], 1),
    minMs = Math.Round(latencies[0], 1),
    afterFirstRoundP95Ms = afterFirst.Count == 0 ? (double?)null : Math.Round(Percentile(afterFirst, 0.95), 1),
}));

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

string Name(int i) => $"bench-{i + 1:00}";

async Task<(Guid Id, List<string> Hosts, Dictionary<string, string> Tokens)> CreatePoolAsync(string name, int count, int timeout)
{
    var id = Guid.NewGuid();
    var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
    var prefix = name == "wall-bench" ? "bench" : name;
    using var response = await http.PostAsJsonAsync("/api/v1/pools", new
    {
        id,
        name,
        livenessTimeoutSeconds = timeout,
        hosts = ids.Select((h, i) => new { id = h, name = $"{prefix}-{i + 1:00}", address = $"192.0.2.{i + 1}", memoryMiB = 262144, role = i == 0 ? "Master" : "Member" }),
        srs = Array.Empty<object>(),
        vdis = Array.Empty<object>(),
        vms = Array.Empty<object>(),
    });
    response.EnsureSuccessStatusCode();
    var tokensOf = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").EnumerateArray()
        .ToDictionary(t => t.GetProperty("hostId").GetString()!, t => t.GetProperty("token").GetString()!);
    return (id, ids, tokensOf);
}

// The hosts' agents: every host not silenced beats every 250 ms.
async Task BeatAsync(CancellationToken cancellationToken)
{
    using var agent = new HttpClient { BaseAddress = baseUrl };
    using var rhythm = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
    try
    {
        do
        {
            foreach (var host in hosts)
            {
                lock (silent)
                {
                    if (silent.Contains(host))
                    {
                        continue;
                    }
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats") { Content = JsonContent.Create(new { hostId = host }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[host]);
                using var answer = await agent.SendAsync(request, cancellationToken);
            }
        }
        while (await rhythm.WaitForNextTickAsync(cancellationToken));
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
    }
}
