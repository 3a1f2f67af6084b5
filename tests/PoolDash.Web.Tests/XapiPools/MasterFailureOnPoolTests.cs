using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>
/// The master failure without HA on a connected pool (the emulator, xapi restarting in 0.2 s): the transition is sent
/// to the chosen member's own address; while PoolDash waits for it to come back as master the same step pressed again
/// is "in progress by alice"; it is done when PoolDash follows the new master, and recover-slaves answers the hosts
/// that accepted.
/// </summary>
public sealed class MasterFailureOnPoolTests : ConnectedPoolTestBase
{
    private static readonly Guid Master = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0011");

    protected override string[] EmulatorOptions => ["--password", Secret, "--dead-interval", "1", "--restart-seconds", "0.2"];

    [Fact]
    public async Task The_transition_runs_at_the_members_address_a_second_press_is_in_progress_and_recover_slaves_says_who_accepted()
    {
        await ConnectAsync(twoPersonRule: false);
        await DrillAsync(Emulator, Master, "crash");
        await AdvanceProbeRoundsAsync(TimeSpan.FromSeconds(70));
        Assert.Equal("Dead", (await HostAsync("xcp-master")).GetProperty("liveness").GetString());
        var steps = Factory.Services.GetRequiredService<XapiSteps>();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSent(Guid pool)
        {
            if (steps.Open(LabPool).Any(s => s.Status == XapiStepRecord.Sent))
            {
                sent.TrySetResult();
            }
        }

        steps.Changed += OnSent;
        var transition = new { operation = "pool-emergency-transition-to-master", hostId = Xcp02, confirmation = new { targetName = "xcp-02", acknowledgeWarning = true } };
        var first = Admin.PostAsJsonAsync(Operations, transition);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        steps.Changed -= OnSent;

        using (var again = await Admin.PostAsJsonAsync(Operations, transition))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("OTHER_OPERATION_IN_PROGRESS", problem.GetProperty("code").GetString());
            Assert.Contains("alice sent it to the pool", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        // Once xcp-02's xapi is back as master, PoolDash's next look at the members (a few seconds of its clock later)
        // finds it, follows it, and sees the pool show the step.
        await WaitUntilMasterAtAsync(new UriBuilder(Emulator.Master) { Host = $"{Emulator.Prefix}.3" }.Uri);
        var newMaster = $"{Emulator.Prefix}.3";
        for (var rounds = 0; !first.IsCompleted && rounds < 3; rounds++)
        {
            // PoolDash's next look at the members may have been scheduled just after an advance: another round then.
            await AdvanceProbeRoundsAsync(ProbeInterval);
            try
            {
                await FollowingAsync(newMaster).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                continue;
            }
        }

        using (var done = await first.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        Assert.Equal(Xcp02, (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{LabPool}")).GetProperty("masterId").GetGuid());
        using var recover = await Admin.PostAsJsonAsync(Operations, new { operation = "pool-recover-slaves", hostId = Xcp02 });
        var answer = await recover.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("performed", answer.GetProperty("outcome").GetString());
        Assert.Equal("accepted by: xcp-03", answer.GetProperty("message").GetString());
        var audit = await Admin.GetStringAsync(new Uri($"/api/v1/audit?poolId={LabPool}", UriKind.Relative));
        Assert.Contains("XAPI pool.emergency_transition_to_master() at xcp-02's own address (slave_local session)", audit, StringComparison.Ordinal);
    }

    /// <summary>Until the follower follows the master at <paramref name="address"/>.</summary>
    private Task FollowingAsync(string address)
    {
        var following = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(Guid pool)
        {
            if (Connections.StatusOf(pool)?.MasterAddress.Contains(address, StringComparison.Ordinal) == true)
            {
                Connections.StatusChanged -= OnChanged;
                following.TrySetResult();
            }
        }

        Connections.StatusChanged += OnChanged;
        OnChanged(LabPool);
        return following.Task;
    }

    /// <summary>Until a pool login at <paramref name="host"/> gets a session (each try is refused with HOST_IS_SLAVE, or
    /// dropped while xapi restarts, until then).</summary>
    private static async Task WaitUntilMasterAtAsync(Uri host)
    {
        using var http = new HttpClient();
        var client = new XapiClient(http, host);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await client.LoginAsync("root", Secret, patience.Token);
                return;
            }
            catch (Exception e) when (e is XapiException or HttpRequestException)
            {
                // Not master yet.
            }
        }
    }

    private static readonly Uri Operations = new($"/api/v1/pools/{LabPool}/operations", UriKind.Relative);
}
