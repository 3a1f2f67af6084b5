using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>
/// Steps on a connected pool are carried out on the pool itself (the emulator, a real process): each is audited as
/// sent, then as performed only once the mirrored state shows it; the pool's refusal reaches the operator unchanged
/// and changes nothing; a step with no safe API call is refused with the command to run instead.
/// </summary>
public sealed class StepsOnPoolTests : ConnectedPoolTestBase
{
    private const string Db = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0301";
    private const string Web = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0302";
    private const string Spare = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0303";
    private const string DbDisk = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0201";

    protected override string[] EmulatorOptions => ["--password", Secret, "--dead-interval", "1"];

    [Fact]
    public async Task The_member_failure_runbook_runs_on_the_pool_and_each_step_is_done_only_when_the_pool_shows_it()
    {
        await ConnectAsync(twoPersonRule: false);
        await DrillAsync(Emulator, Xcp02, "crash");
        await WaitUntilMasterGivesUpAsync(Xcp02);
        await AdvanceProbeRoundsAsync(TimeSpan.FromSeconds(70));
        Assert.Equal("Dead", (await HostAsync("xcp-02")).GetProperty("liveness").GetString());

        // PoolDash's own check first: the same refusal as XAPI's, before anything is sent.
        var early = await RefusedAsync(new { operation = "vm-start", vmId = Db, hostId = Xcp03 });
        Assert.Equal(("VM_BAD_POWER_STATE", "state"), (early.GetProperty("code").GetString(), early.GetProperty("gate").GetString()));

        var reset = await PerformedAsync(new { operation = "vm-reset-powerstate", vmId = Db, confirmation = new { targetName = "db", acknowledgeWarning = true } });
        Assert.Equal("performed", reset.Outcome);
        Assert.Equal("Halted", await OnPoolAsync("VM", Db, "power_state"));
        // XAPI's reset leaves the disk's key: starting elsewhere is refused with the storage layer's words.
        var locked = await RefusedAsync(new { operation = "vm-start", vmId = Db, hostId = Xcp03 });
        Assert.Equal("SR_BACKEND_FAILURE_46", locked.GetProperty("code").GetString());

        await PerformedAsync(new { operation = "host-declare-dead", hostId = Xcp02, confirmation = new { targetName = "xcp-02", acknowledgeWarning = true } });
        Assert.Equal("Halted", await OnPoolAsync("VM", Web, "power_state"));
        Assert.Equal("Dead", (await HostAsync("xcp-02")).GetProperty("liveness").GetString());

        await PerformedAsync(new { operation = "vm-start", vmId = Db, hostId = Xcp03 });
        Assert.Equal("Running", await OnPoolAsync("VM", Db, "power_state"));

        await PerformedAsync(new { operation = "host-forget", hostId = Xcp02, confirmation = new { targetName = "xcp-02", acknowledgeWarning = true } });
        var pool = await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{LabPool}");
        Assert.DoesNotContain(pool.GetProperty("hosts").EnumerateArray(), h => h.GetProperty("name").GetString() == "xcp-02");
        Assert.Equal(2, (await CallAsync("host.get_all")).GetArrayLength());

        var audit = await Admin.GetStringAsync(new Uri($"/api/v1/audit?poolId={LabPool}", UriKind.Relative));
        Assert.Contains($"XAPI VM.power_state_reset(db {Db}): sent, waiting for the pool to show it", audit, StringComparison.Ordinal);
        Assert.Contains($"XAPI host.destroy(xcp-02 {Xcp02}): the pool shows it", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pools_own_refusal_reaches_the_operator_unchanged_is_audited_and_changes_nothing()
    {
        await ConnectAsync(twoPersonRule: false);
        // Cut from its master, xcp-03 still answers PoolDash: Isolated here, not live for XAPI.
        await DrillAsync(Emulator, Xcp03, "isolate");
        await WaitUntilMasterGivesUpAsync(Xcp03);
        var before = await Admin.GetStringAsync(new Uri($"/api/v1/pools/{LabPool}/export", UriKind.Relative));

        var refused = await RefusedAsync(new { operation = "vm-start", vmId = Spare, hostId = Xcp03 });

        Assert.Equal(("HOST_NOT_LIVE", "pool"), (refused.GetProperty("code").GetString(), refused.GetProperty("gate").GetString()));
        // XAPI sends HOST_NOT_LIVE with no parameters; the problem carries none either.
        Assert.False(refused.TryGetProperty("params", out _));
        Assert.Contains("The pool says the chosen host is not live", refused.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("Halted", await OnPoolAsync("VM", Spare, "power_state"));
        Assert.Equal(before, await Admin.GetStringAsync(new Uri($"/api/v1/pools/{LabPool}/export", UriKind.Relative)));
        var audit = await Admin.GetStringAsync(new Uri($"/api/v1/audit?poolId={LabPool}", UriKind.Relative));
        Assert.Contains("HOST_NOT_LIVE · gate: pool · XAPI VM.start_on(spare", audit, StringComparison.Ordinal);
    }

    private static readonly Uri Operations = new($"/api/v1/pools/{LabPool}/operations", UriKind.Relative);

    private async Task<OperationResponse> PerformedAsync(object request)
    {
        using var response = await Admin.PostAsJsonAsync(Operations, request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var answer = JsonSerializer.Deserialize<OperationResponse>(body, TestPools.Json)!;
        Assert.Equal("performed", answer.Outcome);
        return answer;
    }

    private async Task<JsonElement> RefusedAsync(object request)
    {
        using var response = await Admin.PostAsJsonAsync(Operations, request);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>One field of a record as the pool itself has it (JSON-RPC to the emulator's master).</summary>
    private async Task<string?> OnPoolAsync(string cls, string uuid, string field)
    {
        var reference = (await CallAsync($"{cls}.get_by_uuid", uuid)).GetString();
        return (await CallAsync($"{cls}.get_{field}", reference!)).GetString();
    }

    private async Task<JsonElement> CallAsync(string method, params object[] args)
    {
        using var http = new HttpClient();
        var client = new PoolDash.Web.XapiPools.XapiClient(http, Emulator.Master);
        var session = await client.LoginAsync("root", Secret, CancellationToken.None);
        return await client.CallAsync(method, [session, .. args], CancellationToken.None);
    }
}
