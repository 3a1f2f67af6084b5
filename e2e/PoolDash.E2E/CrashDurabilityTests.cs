using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PoolDash.E2E;

/// <summary>
/// PoolDash is killed with SIGKILL while heartbeats and operations are in flight, and started again on the same
/// SQLite file: every operation that was acknowledged is there with its audit entry, and the stored pool is whole.
/// </summary>
public class CrashDurabilityTests
{
    private const string PoolId = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0001";
    private const string Xcp02 = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0012";
    private static readonly string[] VmsOnXcp02 = ["6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0301", "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0302"];

    [Fact]
    public async Task Acknowledged_operations_and_their_audit_entries_survive_a_SIGKILL()
    {
        var data = Directory.CreateTempSubdirectory("pooldash-crash-").FullName;
        var settings = new Dictionary<string, string> { ["PoolDash__DataDirectory"] = data, ["PoolDash__Demo__Enabled"] = "false" };
        var acknowledged = new List<string>();

        var first = await PoolDashServer.StartAsync(settings);
        using (var client = await first.ClientAsync())
        {
            // The example pool with a 2 s timeout; xcp-02 never reports, the others do, all the time.
            var description = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(PoolDashServer.RepositoryRoot(), "docs", "pool-description.example.json")))!;
            description["livenessTimeoutSeconds"] = 2;
            using var created = await client.PostAsJsonAsync("/api/v1/pools", description);
            created.EnsureSuccessStatusCode();
            var tokens = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").EnumerateArray()
                .ToDictionary(t => t.GetProperty("hostId").GetString()!, t => t.GetProperty("token").GetString()!);
            using var stop = new CancellationTokenSource();
            var heartbeats = HeartbeatAsync(client, tokens.Where(t => t.Key != Xcp02), stop.Token);

            await WaitUntilDeadAsync(client, Xcp02);
            foreach (var vm in VmsOnXcp02)
            {
                using var response = await client.PostAsJsonAsync($"/api/v1/pools/{PoolId}/operations", new
                {
                    operation = "vm-reset-powerstate",
                    vmId = vm,
                    confirmation = new { targetName = vm.EndsWith("301", StringComparison.Ordinal) ? "db" : "web", acknowledgeWarning = true },
                });
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                acknowledged.Add(vm);
            }

            // Killed at once, with heartbeats still arriving.
            await first.KillAsync();
            await first.DisposeAsync();
            await stop.CancelAsync();
            await heartbeats;
        }

        await using var second = await PoolDashServer.StartAsync(settings);
        using var restarted = await second.ClientAsync();
        var export = await restarted.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{PoolId}/export");
        foreach (var vm in acknowledged)
        {
            var stored = export.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("id").GetString() == vm);
            Assert.Equal("Halted", stored.GetProperty("powerState").GetString());
        }

        // resetvdis was never run: the dead host's locks are all still held, none half-released.
        var keys = export.GetProperty("vdis").EnumerateArray().Where(v => v.GetProperty("attachKeys").TryGetProperty(Xcp02, out _)).Count();
        Assert.Equal(3, keys);
        var audit = await restarted.GetFromJsonAsync<JsonElement>("/api/v1/audit?actor=admin");
        Assert.Equal(acknowledged.Count, audit.EnumerateArray().Count(e => e.GetProperty("operation").GetString() == "vm-reset-powerstate"
            && e.GetProperty("outcome").GetString() == "performed"));
        var verification = await restarted.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.GetProperty("message").GetString());
        Directory.Delete(data, recursive: true);
    }

    private static async Task HeartbeatAsync(HttpClient client, IEnumerable<KeyValuePair<string, string>> hosts, CancellationToken stop)
    {
        var list = hosts.ToList();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var (hostId, token) in list)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats")
                    {
                        Content = JsonContent.Create(new { hostId }),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await client.SendAsync(request, stop);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
            // The server was killed under us: that is the point.
        }
    }

    private static async Task WaitUntilDeadAsync(HttpClient client, string hostId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var pool = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{PoolId}", timeout.Token);
            if (pool.GetProperty("hosts").EnumerateArray().Any(h => h.GetProperty("id").GetString() == hostId && h.GetProperty("liveness").GetString() == "Dead"))
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
