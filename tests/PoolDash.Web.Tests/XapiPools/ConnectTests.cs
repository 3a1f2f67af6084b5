using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Tests.TestSupport;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>A Pool Admin connects a pool through its master's XAPI (the emulator, a real process on loopback): PoolDash
/// reads it, brings it in through the audited gate, keeps the password only protected, and says clearly why a
/// connection cannot be made.</summary>
public sealed class ConnectTests : ConnectedPoolTestBase
{
    [Fact]
    public async Task A_connected_pool_is_read_through_XAPI_audited_and_its_password_is_stored_only_protected()
    {
        using var response = await Admin.PostAsJsonAsync(Connect, new { masterAddress = Emulator.Master.ToString(), userName = "root", password = Secret });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(LabPool, (await response.Content.ReadFromJsonAsync<ConnectedPool>())!.PoolId);
        var pool = await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{LabPool}");
        Assert.Equal(["xcp-02", "xcp-03", "xcp-master"], pool.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("name").GetString()).Order());
        Assert.Contains(pool.GetProperty("vms").EnumerateArray(), v => v.GetProperty("name").GetString() == "db" && v.GetProperty("powerState").GetString() == "Running");
        // The pool list counts user VMs: the three hosts' control domains are records, not VMs an operator runs.
        Assert.Equal(3, (await Admin.GetFromJsonAsync<JsonElement>("/api/v1/pools"))[0].GetProperty("vms").GetInt32());
        var connection = await Admin.GetFromJsonAsync<XapiConnectionStatus>($"/api/v1/pools/{LabPool}/connection", TestPools.Json);
        Assert.Equal(Emulator.Master.ToString().TrimEnd('/'), connection!.MasterAddress);
        Assert.NotNull(connection.LastSynchronisedAt);
        // Releasing locks has no safe API call: refused, saying what to run on the pool master; PoolDash's own rule still applies.
        using var step = await Admin.PostAsJsonAsync(new Uri($"/api/v1/pools/{LabPool}/operations", UriKind.Relative),
            new { operation = "resetvdis", hostId = Xcp03, srId = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0101" });
        Assert.Equal(HttpStatusCode.Conflict, step.StatusCode);
        var refusal = await step.Content.ReadAsStringAsync();
        Assert.Contains("XAPI_STEP_NOT_CARRIED_OUT", refusal, StringComparison.Ordinal);
        Assert.Contains($"/opt/xensource/sm/resetvdis.py {Xcp03} 6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0101", refusal, StringComparison.Ordinal);
        using var rule = await Admin.PostAsJsonAsync(new Uri($"/api/v1/pools/{LabPool}/operations", UriKind.Relative), new { operation = "pool-two-person-rule-enable" });
        Assert.NotEqual(HttpStatusCode.Conflict, rule.StatusCode);
        var audit = await Admin.GetStringAsync(new Uri($"/api/v1/audit?poolId={LabPool}", UriKind.Relative));
        Assert.Contains("\"actor\":\"alice\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"operation\":\"pool-create\"", audit, StringComparison.Ordinal);

        // Everything committed into the main file, then no byte of the password anywhere in it.
        SqliteConnection.ClearAllPools();
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(Factory.DataDirectory, "pooldash.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var checkpoint = db.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        foreach (var file in Directory.GetFiles(Factory.DataDirectory, "pooldash.db*"))
        {
            Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_members_address_wrong_credentials_and_a_silent_address_are_refused_saying_what_to_do_and_nothing_is_created()
    {
        var member = await RefusedAsync(new { masterAddress = Emulator.Member.ToString(), userName = "root", password = Secret });
        var wrong = await RefusedAsync(new { masterAddress = Emulator.Master.ToString(), userName = "root", password = "not-it" });
        var silent = await RefusedAsync(new { masterAddress = $"http://127.0.0.1:{Ports.Free()}", userName = "root", password = Secret });

        Assert.Equal((HttpStatusCode.Conflict, "HOST_IS_SLAVE"), (member.Status, member.Code));
        Assert.Contains($"Connect to the master's address ({Emulator.Prefix}.2)", member.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "SESSION_AUTHENTICATION_FAILED"), (wrong.Status, wrong.Code));
        Assert.Equal((HttpStatusCode.BadGateway, "XAPI_UNREACHABLE"), (silent.Status, silent.Code));
        Assert.Equal(0, (await Admin.GetFromJsonAsync<JsonElement>("/api/v1/pools")).GetArrayLength());
    }

    [Fact]
    public async Task Plain_HTTP_is_refused_unless_configuration_allows_it()
    {
        using var strict = new PoolDashFactory();
        using var admin = await strict.ClientAsync("alice", Role.PoolAdmin);

        using var response = await admin.PostAsJsonAsync(Connect, new { masterAddress = Emulator.Master.ToString(), userName = "root", password = Secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("XAPI_PLAIN_HTTP_REFUSED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_the_master_gives_up_on_is_followed_here_and_dies_at_the_pools_timeout_while_the_others_live()
    {
        await using var emulator = await EmulatorProcess.StartAsync(Path.Combine(Repository.Root(), "docs", "pool-description.example.json"),
            "--password", Secret, "--dead-interval", "1");
        using var response = await Admin.PostAsJsonAsync(Connect,
            new { masterAddress = emulator.Master.ToString(), userName = "root", password = Secret, livenessTimeoutSeconds = 60 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var connections = Factory.Services.GetRequiredService<XapiConnections>();
        var xcp03 = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0013");
        var seenDead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatusChanged(Guid pool)
        {
            if (connections.StatusOf(pool) is { } status && !status.HostsLiveForXapi.Contains(xcp03))
            {
                seenDead.TrySetResult();
            }
        }

        connections.StatusChanged += OnStatusChanged;
        using (var http = new HttpClient())
        using (var drill = await http.PostAsync(new Uri(emulator.Master, $"/drills/hosts/{xcp03}/crash"), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, drill.StatusCode);
        }

        // The emulator's master gives up after its 1 s; PoolDash hears of it through event.from.
        await seenDead.Task.WaitAsync(TimeSpan.FromSeconds(30));
        connections.StatusChanged -= OnStatusChanged;

        // Then PoolDash's own clock: the other hosts keep their signs of life (XAPI's and their own probe's), xcp-03 has none.
        await AdvanceProbeRoundsAsync(TimeSpan.FromSeconds(80));

        Factory.Services.GetRequiredService<PoolDash.Web.Monitoring.LivenessMonitor>().SweepAll();
        var hosts = (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{LabPool}")).GetProperty("hosts").EnumerateArray()
            .ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("liveness").GetString());
        Assert.Equal("Dead", hosts["xcp-03"]);
        Assert.Equal("Alive", hosts["xcp-02"]);
        Assert.Equal("Alive", hosts["xcp-master"]);
    }

    [Fact]
    public async Task When_the_master_goes_silent_PoolDash_asks_the_members_and_says_they_wait_for_it()
    {
        using var response = await Admin.PostAsJsonAsync(Connect,
            new { masterAddress = Emulator.Master.ToString(), userName = "root", password = Secret, livenessTimeoutSeconds = 60 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var connections = Factory.Services.GetRequiredService<XapiConnections>();
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatusChanged(Guid pool)
        {
            if (connections.StatusOf(pool)?.LastError is { } error && error.Contains("wait for the master", StringComparison.Ordinal))
            {
                waiting.TrySetResult(error);
            }
        }

        connections.StatusChanged += OnStatusChanged;
        using (var http = new HttpClient())
        using (var drill = await http.PostAsync(new Uri(Emulator.Member, "/drills/hosts/6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0011/crash"), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, drill.StatusCode);
        }

        var said = await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        connections.StatusChanged -= OnStatusChanged;

        Assert.Contains($"the master at {Emulator.Prefix}.2 does not answer; xcp-02, xcp-03 still follow it", said, StringComparison.Ordinal);
        Assert.Contains("pool-emergency-transition-to-master", said, StringComparison.Ordinal);

        // The master's word about its hosts no longer counts; each host's own probe does. Past the pool's timeout on
        // PoolDash's clock, one probe round at a time: the silent master is dead, the waiting members are alive.
        await AdvanceProbeRoundsAsync(TimeSpan.FromSeconds(70));

        Assert.Equal(2, connections.StatusOf(LabPool)!.HostsAnsweringProbe!.Count);
        Factory.Services.GetRequiredService<PoolDash.Web.Monitoring.LivenessMonitor>().SweepAll();
        var hosts = (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{LabPool}")).GetProperty("hosts").EnumerateArray()
            .ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("liveness").GetString());
        Assert.Equal(("Dead", "Alive", "Alive"), (hosts["xcp-master"], hosts["xcp-02"], hosts["xcp-03"]));
    }

    [Fact]
    public async Task A_host_cut_off_from_PoolDash_is_isolated_not_dead_past_the_timeout_and_nobody_can_vouch_that_it_is_off()
    {
        using var response = await Admin.PostAsJsonAsync(Connect,
            new { masterAddress = Emulator.Master.ToString(), userName = "root", password = Secret, livenessTimeoutSeconds = 60 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var connections = Factory.Services.GetRequiredService<XapiConnections>();
        await DrillAsync(Emulator, Xcp03, "cut-off");

        // The emulator's master still sees xcp-03 (its dead interval is 600 s of real time); PoolDash's probe does not.
        await AdvanceProbeRoundsAsync(TimeSpan.FromSeconds(70));
        Factory.Services.GetRequiredService<PoolDash.Web.Monitoring.LivenessMonitor>().SweepAll();

        var host = await HostAsync("xcp-03");
        Assert.Equal("Isolated", host.GetProperty("liveness").GetString());
        Assert.Equal("Live", host.GetProperty("masterView").GetString());
        Assert.Contains("the pool master still reports it live", host.GetProperty("seenBy").GetString(), StringComparison.Ordinal);
        Assert.Equal("Alive", (await HostAsync("xcp-02")).GetProperty("liveness").GetString());
        using var attest = await Admin.PostAsJsonAsync(new Uri($"/api/v1/pools/{LabPool}/hosts/{Xcp03}/attest-down", UriKind.Relative), new { method = "physically" });
        Assert.Equal(HttpStatusCode.Conflict, attest.StatusCode);
        var problem = await attest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("HOST_IS_LIVE", problem.GetProperty("code").GetString());
        Assert.Contains("isolated, not dead", problem.GetProperty("title").GetString(), StringComparison.Ordinal);

        // Brought back: the probe answers again and it is simply alive.
        await DrillAsync(Emulator, Xcp03, "bring-back");
        await AdvanceProbeRoundsAsync(ProbeInterval);
        Assert.Equal("Alive", (await HostAsync("xcp-03")).GetProperty("liveness").GetString());
    }

    [Fact]
    public async Task A_host_cut_from_its_master_that_still_answers_PoolDash_is_isolated_as_soon_as_the_master_gives_up_on_it()
    {
        await using var emulator = await EmulatorProcess.StartAsync(Path.Combine(Repository.Root(), "docs", "pool-description.example.json"),
            "--password", Secret, "--dead-interval", "1");
        using var response = await Admin.PostAsJsonAsync(Connect,
            new { masterAddress = emulator.Master.ToString(), userName = "root", password = Secret, livenessTimeoutSeconds = 60 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var connections = Factory.Services.GetRequiredService<XapiConnections>();
        var givenUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatusChanged(Guid pool)
        {
            if (connections.StatusOf(pool) is { } status && status.LastSynchronisedAt is not null && !status.HostsLiveForXapi.Contains(Xcp03))
            {
                givenUp.TrySetResult();
            }
        }

        connections.StatusChanged += OnStatusChanged;
        await DrillAsync(emulator, Xcp03, "isolate");
        await givenUp.Task.WaitAsync(TimeSpan.FromSeconds(30));
        connections.StatusChanged -= OnStatusChanged;

        var host = await HostAsync("xcp-03");
        Assert.Equal("Isolated", host.GetProperty("liveness").GetString());
        Assert.Equal("NotLive", host.GetProperty("masterView").GetString());
        Assert.Contains("the pool master has given up on it, but PoolDash still hears it", host.GetProperty("seenBy").GetString(), StringComparison.Ordinal);

        // Still isolated past the pool's timeout: its own XAPI keeps answering the probe.
        await AdvanceProbeRoundsAsync(TimeSpan.FromSeconds(70));
        Factory.Services.GetRequiredService<PoolDash.Web.Monitoring.LivenessMonitor>().SweepAll();
        Assert.Equal("Isolated", (await HostAsync("xcp-03")).GetProperty("liveness").GetString());
    }

    private async Task<(HttpStatusCode Status, string? Code, string Body)> RefusedAsync(object request)
    {
        using var response = await Admin.PostAsJsonAsync(Connect, request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString(), body);
    }
}
