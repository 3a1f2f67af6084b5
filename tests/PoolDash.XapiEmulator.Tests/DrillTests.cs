using System.Net;
using System.Text.Json;

namespace PoolDash.XapiEmulator.Tests;

/// <summary>The drills and XAPI's own liveness: a member the master stops hearing is <c>live = false</c> after the dead
/// interval (here 1 s), one it hears again is live at once; a crashed or cut-off host's endpoint drops the connection,
/// an isolated one still answers.</summary>
public sealed class DrillTests(DrillTests.ShortIntervalEmulator emulator) : IClassFixture<DrillTests.ShortIntervalEmulator>
{
    private const string Xcp02 = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0012";
    private const string Xcp03 = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0013";

    public sealed class ShortIntervalEmulator : EmulatorFixture
    {
        protected override IEnumerable<string> MoreOptions => ["--dead-interval", "1"];
    }

    [Fact]
    public async Task A_crashed_member_goes_silent_and_dead_after_the_interval_while_a_cut_off_one_stays_live_for_XAPI()
    {
        var session = await emulator.LoginAsync();
        var start = await emulator.TokenAsync(session);
        await emulator.DrillAsync(Xcp02, "crash");
        await emulator.DrillAsync(Xcp03, "cut-off");

        // Both drills began together: when the master has given up on xcp-02, it still hears xcp-03.
        await emulator.WaitForLiveAsync(session, start, Xcp02, live: false);
        Assert.True(await emulator.IsLiveAsync(session, Xcp03));
        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.PostAsync($"http://{emulator.Prefix}.3:{emulator.Port}/jsonrpc", Login));
        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.PostAsync($"http://{emulator.Prefix}.4:{emulator.Port}/jsonrpc", Login));

        var back = await emulator.TokenAsync(session);
        await emulator.DrillAsync(Xcp02, "bring-back");
        await emulator.DrillAsync(Xcp03, "bring-back");
        await emulator.WaitForLiveAsync(session, back, Xcp02, live: true);
        var (_, _, answer) = await emulator.PostAsync($"http://{emulator.Prefix}.3:{emulator.Port}/jsonrpc", Login);
        Assert.Equal("HOST_IS_SLAVE", JsonDocument.Parse(answer).RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_isolated_member_still_answers_at_its_address_but_the_master_declares_it_not_live()
    {
        var session = await emulator.LoginAsync();
        var start = await emulator.TokenAsync(session);

        await emulator.DrillAsync(Xcp03, "isolate");

        await emulator.WaitForLiveAsync(session, start, Xcp03, live: false);
        var (status, _, answer) = await emulator.PostAsync($"http://{emulator.Prefix}.4:{emulator.Port}/jsonrpc", Login);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("HOST_IS_SLAVE", JsonDocument.Parse(answer).RootElement.GetProperty("error").GetProperty("message").GetString());
        await emulator.DrillAsync(Xcp03, "bring-back");
        Assert.True(await emulator.IsLiveAsync(session, Xcp03));
    }

    [Fact]
    public async Task A_crash_drops_the_connections_the_host_had_a_long_poll_in_flight_included()
    {
        var session = await emulator.LoginAsync();
        var start = await emulator.TokenAsync(session);
        var waiting = emulator.CallAsync("event.from", session, new[] { "vm" }, start, 60.0);

        await emulator.DrillAsync("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0011", "crash");
        try
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            using var back = await emulator.Http.PostAsync(new Uri($"http://{emulator.Prefix}.3:{emulator.Port}/drills/hosts/6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0011/bring-back"), null);
            Assert.Equal(HttpStatusCode.NoContent, back.StatusCode);
        }
    }

    [Fact]
    public async Task Drills_name_unknown_hosts_and_refuse_to_bring_back_a_running_one()
    {
        using var unknown = await emulator.Http.PostAsync(new Uri($"{emulator.Master}/drills/hosts/{Guid.NewGuid()}/crash"), null);
        using var running = await emulator.Http.PostAsync(new Uri($"{emulator.Master}/drills/hosts/{Xcp02}/bring-back"), null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
    }

    private const string Login = """{"jsonrpc":"2.0","method":"session.login_with_password","params":["root",""],"id":1}""";
}
