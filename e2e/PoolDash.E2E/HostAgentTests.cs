using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.E2E;

/// <summary>
/// The real dom0 agent (<c>agent/pooldash-agent.sh</c>, POSIX sh + curl) against the real server: its beats land;
/// a wrong token or a forgotten host stops it with the server's own message and exit code; while the server is
/// unreachable it backs off, doubling.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class HostAgentTests : IAsyncLifetime
{
    private static readonly Guid PoolId = Guid.Parse("b0000000-0000-4000-8000-000000000001");
    private static readonly Guid Alive = Guid.Parse("b1000000-0000-4000-8000-000000000001");
    private static readonly Guid Member = Guid.Parse("b2000000-0000-4000-8000-000000000002");
    private static readonly Guid Gone = Guid.Parse("b3000000-0000-4000-8000-000000000003");
    private readonly string _folder = Directory.CreateTempSubdirectory("pooldash-agent-").FullName;
    private PoolDashServer _server = null!;
    private HttpClient _admin = null!;
    private Dictionary<Guid, string> _tokens = [];

    public async Task InitializeAsync()
    {
        _server = await PoolDashServer.StartAsync(new Dictionary<string, string> { ["PoolDash__Demo__Enabled"] = "false" });
        _admin = await _server.ClientAsync();
        using var created = await _admin.PostAsJsonAsync("/api/v1/pools", new
        {
            id = PoolId,
            name = "agent-pool",
            twoPersonRule = false,
            hosts = new object[]
            {
                new { id = Alive, name = "dom0-a", address = "192.0.2.1", memoryMiB = 65536, role = "Master" },
                new { id = Member, name = "dom0-b", address = "192.0.2.2", memoryMiB = 65536, role = "Member" },
                new { id = Gone, name = "dom0-c", address = "192.0.2.3", memoryMiB = 65536, role = "Member", liveness = "Dead" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _tokens = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").EnumerateArray()
            .ToDictionary(t => t.GetProperty("hostId").GetGuid(), t => t.GetProperty("token").GetString()!);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_agents_heartbeats_land_and_the_host_shows_its_last_heartbeat()
    {
        await using var agent = Agent.Start(Conf(_server.BaseAddress.ToString(), Member, _tokens[Member]));

        await agent.LineAsync(l => l.Contains("heartbeat accepted", StringComparison.Ordinal));

        var pool = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{PoolId}");
        var host = pool.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("id").GetGuid() == Member);
        Assert.Equal(JsonValueKind.String, host.GetProperty("lastHeartbeat").ValueKind);
    }

    [Fact]
    public async Task A_wrong_token_stops_the_agent_with_the_servers_message()
    {
        await using var agent = Agent.Start(Conf(_server.BaseAddress.ToString(), Member, "not-the-token"));

        Assert.Equal(3, await agent.ExitAsync());
        Assert.Contains(agent.Lines, l => l.Contains("HEARTBEAT_TOKEN_INVALID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forgotten_hosts_agent_stops_with_HOST_UNKNOWN_TO_MASTER()
    {
        using var forgotten = await _admin.PostAsJsonAsync($"/api/v1/pools/{PoolId}/operations",
            new { operation = "host-forget", hostId = Gone, confirmation = new { targetName = "dom0-c", acknowledgeWarning = true } });
        Assert.Equal(HttpStatusCode.OK, forgotten.StatusCode);

        await using var agent = Agent.Start(Conf(_server.BaseAddress.ToString(), Gone, _tokens[Gone]));

        Assert.Equal(4, await agent.ExitAsync());
        Assert.Contains(agent.Lines, l => l.Contains("HOST_UNKNOWN_TO_MASTER", StringComparison.Ordinal));
    }

    [Fact]
    public async Task While_PoolDash_is_unreachable_the_agent_backs_off_doubling()
    {
        await using var agent = Agent.Start(Conf($"http://127.0.0.1:{Ports.Free()}", Member, _tokens[Member]));

        foreach (var seconds in new[] { 1, 2, 4 })
        {
            await agent.LineAsync(l => l.Contains($"unreachable (HTTP 000); retrying in {seconds} s", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_configuration_others_can_read_is_refused()
    {
        var conf = Conf(_server.BaseAddress.ToString(), Member, _tokens[Member]);
        File.SetUnixFileMode(conf, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var agent = Agent.Start(conf);

        Assert.Equal(2, await agent.ExitAsync());
        Assert.Contains(agent.Lines, l => l.Contains("chmod 600", StringComparison.Ordinal));
    }

    private string Conf(string url, Guid hostId, string token)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid()}.conf");
        File.WriteAllText(path, $"POOLDASH_URL={url}\nPOOLDASH_HOST_ID={hostId}\nPOOLDASH_TOKEN={token}\nPOOLDASH_INTERVAL=1\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>The script run by POSIX sh, its output lines as they come.</summary>
    private sealed class Agent : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        private Agent(Process process) => _process = process;

        public List<string> Lines { get; } = [];

        public static Agent Start(string conf)
        {
            var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(PoolDashServer.RepositoryRoot(), "agent", "pooldash-agent.sh"));
            start.ArgumentList.Add(conf);
            var agent = new Agent(new Process { StartInfo = start });
            agent._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    agent._lines.Writer.TryWrite(line);
                }
            };
            agent._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    agent._lines.Writer.TryWrite(line);
                }
            };
            agent._process.Start();
            agent._process.BeginOutputReadLine();
            agent._process.BeginErrorReadLine();
            return agent;
        }

        /// <summary>Reads the agent's output until a line matches.</summary>
        public async Task LineAsync(Func<string, bool> matches)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(patience.Token);
                Lines.Add(line);
                if (matches(line))
                {
                    return;
                }
            }
        }

        public async Task<int> ExitAsync()
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(patience.Token);
            while (_lines.Reader.TryRead(out var line))
            {
                Lines.Add(line);
            }

            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
