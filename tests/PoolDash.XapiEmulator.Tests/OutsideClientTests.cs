using System.Diagnostics;
using System.Text.Json;

namespace PoolDash.XapiEmulator.Tests;

/// <summary>
/// Clients nobody here wrote, against the emulator: Xen Orchestra's npm <c>xen-api</c> 4.7.6 (JSON-RPC, XML-RPC, and
/// from a member's address, which it must follow to the master) and XenServer's Python <c>XenAPI.py</c> as Debian's
/// <c>python3-os-xenapi</c> ships it. <c>scripts/test.sh</c> installs both (npm ci with the lock file, apt).
/// </summary>
public sealed class OutsideClientTests(DrillTests.ShortIntervalEmulator emulator) : IClassFixture<DrillTests.ShortIntervalEmulator>
{
    private static readonly string Clients = Path.Combine(PoolDash.Web.Tests.TestSupport.Repository.Root(), "tools", "xapi-clients");

    [Theory]
    [InlineData("master", "auto")]
    [InlineData("master", "xml-rpc")]
    [InlineData("member", "json-rpc")]
    public async Task Xen_Orchestras_client_connects_reads_every_record_and_gets_XAPIs_error(string address, string transport)
    {
        Assert.True(Directory.Exists(Path.Combine(Clients, "node_modules", "xen-api")), "run 'npm ci' in tools/xapi-clients (scripts/test.sh does)");

        var seen = await RunAsync("node", "xo-check.mjs", address == "master" ? emulator.Master : emulator.Member, transport);

        Assert.Equal("connected", seen.GetProperty("status").GetString());
        Assert.Equal(("lab-pool", "xcp-master", $"{emulator.Prefix}.2"),
            (seen.GetProperty("pool").GetString(), seen.GetProperty("master").GetString(), seen.GetProperty("masterAddress").GetString()));
        var types = seen.GetProperty("types");
        Assert.Equal((1, 3, 3, 6, 2, 3), (types.GetProperty("pool").GetInt32(), types.GetProperty("host").GetInt32(), types.GetProperty("host_metrics").GetInt32(),
            types.GetProperty("VM").GetInt32(), types.GetProperty("SR").GetInt32(), types.GetProperty("VDI").GetInt32()));
        Assert.Equal(2, seen.GetProperty("runningVms").GetInt32());
        Assert.Equal("HANDLE_INVALID", seen.GetProperty("refusal").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Xen_Orchestras_client_follows_a_crash_drill_and_the_hosts_return_through_events()
    {
        Assert.True(Directory.Exists(Path.Combine(Clients, "node_modules", "xen-api")), "run 'npm ci' in tools/xapi-clients (scripts/test.sh does)");

        var seen = await RunAsync("node", "xo-check.mjs", emulator.Master, "auto", "root", "", "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0013");

        var drill = seen.GetProperty("drill");
        Assert.Equal(("xcp-03", true, true), (drill.GetProperty("host").GetString(), drill.GetProperty("sawDead").GetBoolean(), drill.GetProperty("sawAlive").GetBoolean()));
    }

    [Fact]
    public async Task XenServers_python_sdk_logs_in_and_reads_every_record()
    {
        Assert.True(File.Exists("/usr/lib/python3/dist-packages/os_xenapi/client/XenAPI.py"), "apt-get install python3-os-xenapi (scripts/test.sh does)");

        var seen = await RunAsync("/usr/bin/python3", "xenapi-check.py", emulator.Master);

        Assert.Equal(("lab-pool", "xcp-master"), (seen.GetProperty("pool").GetString(), seen.GetProperty("master").GetString()));
        // XML-RPC ints travel untyped, so Python reads them as strings, as it does from XAPI.
        Assert.Equal(["2", "21"], seen.GetProperty("apiVersion").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(6, seen.GetProperty("counts").GetProperty("VM").GetInt32());
        Assert.Equal(["HANDLE_INVALID", "VM", "OpaqueRef:00000000-0000-0000-0000-000000000000"],
            seen.GetProperty("refusal").EnumerateArray().Select(v => v.GetString()));
    }

    private static async Task<JsonElement> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Clients, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(patience.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await errors}{await output}");
        return JsonDocument.Parse((await output).Trim().Split('\n')[^1]).RootElement.Clone();
    }
}
