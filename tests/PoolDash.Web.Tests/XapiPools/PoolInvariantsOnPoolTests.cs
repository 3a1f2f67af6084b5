using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>
/// The model-based test against the pool itself (the emulator): seeded random sequences of drills (crash, cut off,
/// isolate, bring back, any host), PoolDash's clock moving, attestations and gated steps through PoolDash's API, with
/// the pool's own state checked after each: never two hosts acting as master, never a disk attached RW on two hosts,
/// never a VM PoolDash started on a host the pool does not have live. Steps run with every gate (typed confirmation,
/// no second person) as an operator would send them.
/// </summary>
public sealed class PoolInvariantsOnPoolTests : ConnectedPoolTestBase
{
    private static readonly Guid Master = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0011");
    private static readonly Guid[] Hosts = [Master, Xcp02, Xcp03];
    private static readonly (Guid Id, string Name)[] Vms =
    [
        (Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0301"), "db"), (Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0302"), "web"),
        (Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0303"), "spare"),
    ];

    private static readonly string[] HostNames = ["xcp-master", "xcp-02", "xcp-03"];
    private static readonly string[] Drills = ["crash", "cut-off", "isolate", "bring-back"];
    private static readonly Uri Operations = new($"/api/v1/pools/{LabPool}/operations", UriKind.Relative);

    protected override string[] EmulatorOptions => ["--password", Secret, "--dead-interval", "1", "--restart-seconds", "0.2"];

    [Fact]
    public async Task A_master_cut_off_from_PoolDash_but_not_from_its_members_is_never_replaced()
    {
        await ConnectAsync(twoPersonRule: false);
        await DrillAsync(Emulator, Master, "cut-off");
        await AdvanceProbeRoundsAsync(TimeSpan.FromSeconds(70));
        // Silent to PoolDash on every channel it has (the master's own view included): Dead, as far as PoolDash can tell.
        Assert.Equal("Dead", (await HostAsync("xcp-master")).GetProperty("liveness").GetString());

        var (status, body) = await StepAsync(new { operation = "pool-emergency-transition-to-master", hostId = Xcp02, confirmation = Typed("xcp-02") });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(("HOST_IS_LIVE", "pool"), (body.GetProperty("code").GetString(), body.GetProperty("gate").GetString()));
        Assert.Contains("xcp-02, xcp-03 are not in emergency mode", body.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal([Master.ToString()], await MastersAsync());
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Random_drills_and_gated_steps_never_give_two_masters_a_disk_RW_on_two_hosts_or_a_VM_started_on_a_dead_host(int seed)
    {
        await ConnectAsync(twoPersonRule: false);
        var random = new Random(seed);
        var done = new List<string>();
        for (var i = 0; i < 14; i++)
        {
            var host = random.Next(Hosts.Length);
            var (vm, vmName) = Vms[random.Next(Vms.Length)];
            object? request = null;
            switch (random.Next(10))
            {
                case 0 or 1:
                    var drill = Drills[random.Next(Drills.Length)];
                    done.Add($"{drill} {HostNames[host]}");
                    using (var http = new HttpClient())
                    using (await http.PostAsync(new Uri(Emulator.Master, $"/drills/hosts/{Hosts[host]}/{drill}"), null))
                    {
                        // 409 for bringing back a host that runs: nothing happened.
                    }

                    break;
                case 2:
                    var seconds = 5 * random.Next(1, 15);
                    done.Add($"{seconds} s");
                    await AdvanceProbeRoundsAsync(TimeSpan.FromSeconds(seconds));
                    break;
                case 3:
                    request = new { operation = "vm-reset-powerstate", vmId = vm, confirmation = Typed(vmName) };
                    break;
                case 4:
                    request = new { operation = "vm-start", vmId = vm, hostId = Hosts[host] };
                    break;
                case 5:
                    request = new { operation = "vm-shutdown", vmId = vm };
                    break;
                case 6:
                    request = new { operation = "host-declare-dead", hostId = Hosts[host], confirmation = Typed(HostNames[host]) };
                    break;
                case 7:
                    request = new { operation = "host-forget", hostId = Hosts[host], confirmation = Typed(HostNames[host]) };
                    break;
                case 8:
                    request = new { operation = "pool-emergency-transition-to-master", hostId = Hosts[host], confirmation = Typed(HostNames[host]) };
                    break;
                default:
                    request = new { operation = "pool-recover-slaves", hostId = Hosts[host] };
                    break;
            }

            if (request is not null)
            {
                var (status, body) = await StepAsync(request);
                done.Add($"{JsonSerializer.Serialize(request)} -> {(int)status} {(body.TryGetProperty("code", out var code) ? code.GetString() : body.GetProperty("outcome").GetString())}");
            }

            var context = $"seed {seed}: {string.Join("; ", done)}";
            var masters = await MastersAsync();
            Assert.True(masters.Length <= 1, $"two masters ({string.Join(", ", masters)}) after {context}");
            await AssertNoDiskRwOnTwoHostsAsync(context);
        }
    }

    private static object Typed(string name) => new { targetName = name, acknowledgeWarning = true };

    /// <summary>One step through the API; PoolDash's clock moves a probe round at a time while it waits for the pool
    /// (the transition needs PoolDash to find the new master), so every step ends: done, refused or not seen.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> StepAsync(object request)
    {
        var sending = Admin.PostAsJsonAsync(Operations, request);
        for (var rounds = 0; rounds < 20 && !sending.IsCompleted; rounds++)
        {
            try
            {
                await sending.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (TimeoutException)
            {
                await AdvanceProbeRoundsAsync(ProbeInterval);
            }
        }

        HttpResponseMessage answered;
        try
        {
            answered = await sending.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{JsonSerializer.Serialize(request)} got no answer after 20 probe rounds and 30 s more");
        }

        using var response = answered;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.StatusCode == HttpStatusCode.OK && request.ToString()!.Contains("vm-start", StringComparison.Ordinal))
        {
            await AssertStartedOnALiveHostAsync(request);
        }

        return (response.StatusCode, body);
    }

    /// <summary>The running hosts that act as master, as the emulator knows them (a master cut off from every client
    /// is one no client can count).</summary>
    private async Task<string[]> MastersAsync()
    {
        using var http = new HttpClient();
        return (await http.GetFromJsonAsync<string[]>(new Uri(Emulator.Member, "/drills/masters")))!;
    }

    private async Task AssertNoDiskRwOnTwoHostsAsync(string context)
    {
        if (await PoolAsync() is not var (client, session))
        {
            return;
        }

        foreach (var vdi in (await client.AllRecordsAsync(session, "VDI", CancellationToken.None)).Values)
        {
            var keys = vdi.GetProperty("sm_config").EnumerateObject().Where(k => k.Name.StartsWith("host_", StringComparison.Ordinal)).ToList();
            Assert.False(keys.Count > 1 && keys.Any(k => k.Value.GetString() == "RW"),
                $"{vdi.GetProperty("name_label").GetString()} attached {string.Join(", ", keys.Select(k => $"{k.Name}={k.Value}"))} after {context}");
        }
    }

    private async Task AssertStartedOnALiveHostAsync(object request)
    {
        var vm = JsonSerializer.SerializeToElement(request).GetProperty("vmId").GetGuid();
        var (client, session) = (await PoolAsync())!.Value;
        var vmRef = (await client.CallAsync("VM.get_by_uuid", [session, vm.ToString()], CancellationToken.None)).GetString();
        var host = (await client.CallAsync("VM.get_resident_on", [session, vmRef], CancellationToken.None)).GetString();
        var metrics = (await client.CallAsync("host.get_metrics", [session, host], CancellationToken.None)).GetString();
        Assert.True((await client.CallAsync("host_metrics.get_live", [session, metrics], CancellationToken.None)).GetBoolean(), $"{request} started on a dead host");
    }

    /// <summary>A session at whichever host takes it as master now (null when none does).</summary>
    private async Task<(XapiClient Client, string Session)?> PoolAsync()
    {
        for (var i = 0; i < Hosts.Length; i++)
        {
            var client = new XapiClient(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, new UriBuilder(Emulator.Master) { Host = $"{Emulator.Prefix}.{i + 2}" }.Uri);
            try
            {
                return (client, await client.LoginAsync("root", Secret, CancellationToken.None));
            }
            catch (Exception e) when (e is XapiException or HttpRequestException or TaskCanceledException)
            {
                // Not the master, or silent.
            }
        }

        return null;
    }
}
