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
    private const string Nfs = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0101";
    private static readonly string[] VmsOnXcp02 = ["6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0301", "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0302"];

    [Fact]
    public async Task Acknowledged_operations_and_their_audit_entries_survive_a_SIGKILL()
    {
        var data = Directory.CreateTempSubdirectory("pooldash-crash-").FullName;
        var settings = new Dictionary<string, string> { ["PoolDash__DataDirectory"] = data, ["PoolDash__Demo__Enabled"] = "false" };
        var acknowledged = new List<string>();
        var answers = new List<string>();

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
            // Three steps sent at once: both VMs' power state reset, and xcp-02's locks on the NFS SR released. The
            // server is killed as soon as the first is acknowledged, with the others still in flight.
            var steps = VmsOnXcp02.Select(vm => (Name: vm, Body: (object)new
            {
                operation = "vm-reset-powerstate",
                vmId = vm,
                confirmation = new { targetName = vm.EndsWith("301", StringComparison.Ordinal) ? "db" : "web", acknowledgeWarning = true },
            }))
                .Append((Name: "resetvdis", Body: new
                {
                    operation = "resetvdis",
                    hostId = Xcp02,
                    srId = Nfs,
                    master = false,
                    confirmation = new { targetName = "xcp-02", srName = "NFS storage", acknowledgeWarning = true },
                }));
            var inFlight = steps.Select(async step =>
            {
                try
                {
                    using var response = await client.PostAsJsonAsync($"/api/v1/pools/{PoolId}/operations", step.Body);
                    if (response.StatusCode == System.Net.HttpStatusCode.OK)
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        lock (acknowledged)
                        {
                            acknowledged.Add(step.Name);
                            answers.Add($"{step.Name}: {body}");
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // Cut off by the kill: not acknowledged, so it may or may not have been stored — but never half.
                }
            }).ToList();
            await Task.WhenAny(inFlight);

            // Killed at once, with heartbeats and the other steps still arriving.
            await first.KillAsync();
            await first.DisposeAsync();
            await Task.WhenAll(inFlight);
            await stop.CancelAsync();
            await heartbeats;
        }

        Assert.NotEmpty(acknowledged);
        await using var second = await PoolDashServer.StartAsync(settings);
        using var restarted = await second.ClientAsync();
        var export = await restarted.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{PoolId}/export");
        var performed = (await restarted.GetFromJsonAsync<JsonElement>("/api/v1/audit?actor=admin")).EnumerateArray()
            .Where(e => e.GetProperty("outcome").GetString() == "performed").ToList();
        foreach (var vm in VmsOnXcp02)
        {
            // Every acknowledged step is there; any step that is there has its audit entry, and the reverse.
            var halted = export.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("id").GetString() == vm).GetProperty("powerState").GetString() == "Halted";
            Assert.True(halted || !acknowledged.Contains(vm), $"{vm} was acknowledged but is not stored");
            Assert.Equal(halted, performed.Any(e => e.GetProperty("operation").GetString() == "vm-reset-powerstate" && e.GetProperty("objectId").GetString() == vm));
        }

        // xcp-02's keys on the NFS SR are all released or all held, never half; its local disk's key is untouched.
        var held = export.GetProperty("vdis").EnumerateArray()
            .Where(v => v.GetProperty("attachKeys").TryGetProperty(Xcp02, out _)).Select(v => v.GetProperty("srId").GetString()).ToList();
        var nfsKeys = held.Count(sr => sr == Nfs);
        Assert.True(nfsKeys is 0 or 2, $"{nfsKeys} of the 2 NFS keys held: half-released");
        Assert.Equal(1, held.Count(sr => sr != Nfs));
        Assert.True(nfsKeys == 0 || !acknowledged.Contains("resetvdis"), "resetvdis was acknowledged but is not stored: " + string.Join(" | ", answers)
            + " AUDIT " + string.Join(" | ", performed.Select(e => e.GetProperty("operation").GetString() + "@" + e.GetProperty("at").GetString())));
        Assert.Equal(nfsKeys == 0, performed.Any(e => e.GetProperty("operation").GetString() == "resetvdis"));
        var verification = await restarted.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.GetProperty("message").GetString());
        Directory.Delete(data, recursive: true);
    }

    /// <summary>Heartbeats for <paramref name="hosts"/> (id, token) as fast as the server takes them, until stopped or killed.</summary>
    internal static async Task HeartbeatAsync(HttpClient client, IEnumerable<KeyValuePair<string, string>> hosts, CancellationToken stop)
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
