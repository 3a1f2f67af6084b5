using System.Text.Json;

namespace PoolDash.XapiEmulator.Tests;

/// <summary>
/// The recovery calls as XAPI makes them (xapi-wire.md §3), each test on an emulator of its own (dead interval 1 s,
/// xapi restarting in 0.2 s): the checks in XAPI's order with XAPI's parameters, and the effects — a power-state
/// reset keeps the disk keys, declare-dead and destroy run the resetvdis hook, start refuses a disk another host holds.
/// </summary>
public sealed class RecoveryCallTests
{
    private const string Master = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0011";
    private const string Xcp02 = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0012";
    private const string Xcp03 = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0013";
    private const string Db = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0301";
    private const string Web = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0302";
    private const string DbDisk = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0201";

    private sealed class FastEmulator : EmulatorFixture
    {
        protected override IEnumerable<string> MoreOptions => ["--dead-interval", "1", "--restart-seconds", "0.2", "--ha-timeout", "1"];
    }

    [Fact]
    public async Task A_dead_members_VMs_are_reset_its_locks_released_by_declare_dead_and_its_VM_starts_elsewhere_before_it_is_forgotten()
    {
        await using var emulator = await StartAsync();
        var session = await emulator.LoginAsync();
        var (db, web, xcp02, xcp03, dbDisk) = (await RefAsync(emulator, session, "VM", Db), await RefAsync(emulator, session, "VM", Web),
            await RefAsync(emulator, session, "host", Xcp02), await RefAsync(emulator, session, "host", Xcp03), await RefAsync(emulator, session, "VDI", DbDisk));

        AssertError(await emulator.CallAsync("VM.power_state_reset", session, db), "HOST_IS_LIVE", xcp02);
        await emulator.DrillAsync(Xcp02, "crash");
        await emulator.WaitForLiveAsync(session, Xcp02, live: false);

        AssertError(await emulator.CallAsync("VM.start_on", session, db, xcp03, false, false), "VM_BAD_POWER_STATE", db, "halted", "running");
        Assert.Equal("", Result(await emulator.CallAsync("VM.power_state_reset", session, db)).GetString());
        var vm = Result(await emulator.CallAsync("VM.get_record", session, db));
        Assert.Equal(("Halted", "OpaqueRef:NULL"), (vm.GetProperty("power_state").GetString(), vm.GetProperty("resident_on").GetString()));
        // The reset is in the database only: the disk is still attached RW on the dead host.
        Assert.Equal("RW", SmConfig(await emulator.CallAsync("VDI.get_record", session, dbDisk)).GetProperty($"host_{xcp02}").GetString());
        AssertError(await emulator.CallAsync("VM.start_on", session, db, xcp03, false, false), "SR_BACKEND_FAILURE_46",
            "", $"The VDI is not available [opterr=VDI {DbDisk} already attached RW]", "");
        AssertError(await emulator.CallAsync("host.destroy", session, xcp02), "HOST_HAS_RESIDENT_VMS", xcp02);

        Assert.Equal("", Result(await emulator.CallAsync("host.declare_dead", session, xcp02)).GetString());
        Assert.Equal("Halted", Result(await emulator.CallAsync("VM.get_power_state", session, web)).GetString());
        Assert.False(SmConfig(await emulator.CallAsync("VDI.get_record", session, dbDisk)).TryGetProperty($"host_{xcp02}", out _));

        Assert.Equal("", Result(await emulator.CallAsync("VM.start_on", session, db, xcp03, false, false)).GetString());
        Assert.Equal(xcp03, Result(await emulator.CallAsync("VM.get_resident_on", session, db)).GetString());
        Assert.Equal("RW", SmConfig(await emulator.CallAsync("VDI.get_record", session, dbDisk)).GetProperty($"host_{xcp03}").GetString());
        AssertError(await emulator.CallAsync("VM.power_state_reset", session, db), "HOST_IS_LIVE", xcp03);

        Assert.Equal("", Result(await emulator.CallAsync("host.destroy", session, xcp02)).GetString());
        AssertError(await emulator.CallAsync("host.get_record", session, xcp02), "HANDLE_INVALID", "host", xcp02);
        Assert.Equal(2, Result(await emulator.CallAsync("host.get_all", session)).GetArrayLength());
    }

    [Fact]
    public async Task The_master_cannot_be_forgotten_and_nothing_is_forgotten_while_HA_is_on()
    {
        await using var emulator = await StartAsync();
        var session = await emulator.LoginAsync();
        var master = await RefAsync(emulator, session, "host", Master);

        AssertError(await emulator.CallAsync("host.destroy", session, master), "HOST_IS_LIVE", master);
        AssertError(await emulator.CallAsync("pool.disable_ha", session), "HA_NOT_ENABLED");
        Assert.Equal("", Result(await emulator.CallAsync("pool.enable_ha", session, Array.Empty<string>(), new Dictionary<string, string>())).GetString());
        await emulator.DrillAsync(Xcp03, "crash");
        await emulator.WaitForLiveAsync(session, Xcp03, live: false);
        AssertError(await emulator.CallAsync("host.destroy", session, await RefAsync(emulator, session, "host", Xcp03)), "HA_IS_ENABLED");
    }

    [Fact]
    public async Task Without_HA_a_member_made_master_at_its_own_address_comes_back_as_master_and_recover_slaves_brings_the_others()
    {
        await using var emulator = await StartAsync();
        var session = await emulator.LoginAsync();
        var xcp03 = await RefAsync(emulator, session, "host", Xcp03);
        await emulator.DrillAsync(Master, "crash");
        var xcp02Url = $"http://{emulator.Prefix}.3:{emulator.Port}";
        var xcp03Url = $"http://{emulator.Prefix}.4:{emulator.Port}";

        // A pool login at a member only says where its master is; its own local session takes the emergency call.
        AssertError(await emulator.CallAtAsync(xcp02Url, "session.login_with_password", "root", ""), "HOST_IS_SLAVE", $"{emulator.Prefix}.2");
        var local = Result(await emulator.CallAtAsync(xcp02Url, "session.slave_local_login_with_password", "root", "")).GetString()!;
        AssertError(await emulator.CallAtAsync(xcp02Url, "host.destroy", local, xcp03), "HOST_IS_SLAVE", $"{emulator.Prefix}.2");
        Assert.Equal("", Result(await emulator.CallAtAsync(xcp02Url, "pool.emergency_transition_to_master", local)).GetString());

        var newSession = await emulator.WaitForLoginAsync(xcp02Url);
        AssertError(await emulator.CallAtAsync(xcp03Url, "session.login_with_password", "root", ""), "HOST_IS_SLAVE", $"{emulator.Prefix}.2");
        var accepted = Result(await emulator.CallAtAsync(xcp02Url, "pool.recover_slaves", newSession));
        Assert.Equal([xcp03], accepted.EnumerateArray().Select(h => h.GetString()));
        AssertError(await emulator.CallAtAsync(xcp03Url, "session.login_with_password", "root", ""), "HOST_IS_SLAVE", $"{emulator.Prefix}.3");

        // The old master comes back demoted: it follows the new one.
        await emulator.DrillAsync(Master, "bring-back");
        AssertError(await emulator.CallAsync("session.login_with_password", "root", ""), "HOST_IS_SLAVE", $"{emulator.Prefix}.3");
    }

    [Fact]
    public async Task With_HA_a_silent_master_is_replaced_by_the_lowest_UUID_member_and_a_lost_host_is_fenced()
    {
        await using var emulator = await StartAsync();
        var session = await emulator.LoginAsync();
        Assert.Equal("", Result(await emulator.CallAsync("pool.enable_ha", session, Array.Empty<string>(), new Dictionary<string, string>())).GetString());
        var (db, xcp02, xcp03, dbDisk) = (await RefAsync(emulator, session, "VM", Db), await RefAsync(emulator, session, "host", Xcp02),
            await RefAsync(emulator, session, "host", Xcp03), await RefAsync(emulator, session, "VDI", DbDisk));

        // A member lost: fenced, its VMs reset and its keys cleared; db (restart priority) runs again elsewhere.
        await emulator.DrillAsync(Xcp02, "crash");
        await emulator.WaitForLiveAsync(session, Xcp02, live: false);
        Assert.Equal("Running", Result(await emulator.CallAsync("VM.get_power_state", session, db)).GetString());
        Assert.NotEqual(xcp02, Result(await emulator.CallAsync("VM.get_resident_on", session, db)).GetString());
        Assert.False(SmConfig(await emulator.CallAsync("VDI.get_record", session, dbDisk)).TryGetProperty($"host_{xcp02}", out _));

        // The master lost: xcp-03, the only member left, takes over by itself.
        await emulator.DrillAsync(Master, "crash");
        var newSession = await emulator.WaitForLoginAsync($"http://{emulator.Prefix}.4:{emulator.Port}");
        Assert.Equal(xcp03, Result(await emulator.CallAtAsync($"http://{emulator.Prefix}.4:{emulator.Port}", "pool.get_master",
            newSession, Result(await emulator.CallAtAsync($"http://{emulator.Prefix}.4:{emulator.Port}", "pool.get_all", newSession))[0].GetString()!)).GetString());
    }

    private static async Task<EmulatorFixture> StartAsync()
    {
        var emulator = new FastEmulator();
        await emulator.InitializeAsync();
        return emulator;
    }

    private static async Task<string> RefAsync(EmulatorFixture emulator, string session, string cls, string uuid) =>
        Result(await emulator.CallAsync($"{cls}.get_by_uuid", session, uuid)).GetString()!;

    private static JsonElement Result(JsonElement answer) =>
        answer.TryGetProperty("result", out var result) ? result : throw new Xunit.Sdk.XunitException($"XAPI refused: {answer}");

    private static JsonElement SmConfig(JsonElement vdi) => Result(vdi).GetProperty("sm_config");

    private static void AssertError(JsonElement answer, string code, params string[] parameters)
    {
        Assert.True(answer.TryGetProperty("error", out var error), $"expected {code}, got {answer}");
        Assert.Equal(code, error.GetProperty("message").GetString());
        Assert.Equal(parameters, error.GetProperty("data").EnumerateArray().Select(p => p.GetString()));
    }
}
