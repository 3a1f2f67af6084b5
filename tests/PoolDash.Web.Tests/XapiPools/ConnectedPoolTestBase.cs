using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Tests.TestSupport;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>
/// A PoolDash (plain HTTP to the emulator allowed, PoolDash's clock a fake one) and the XAPI emulator in a process of
/// its own serving the repository's example pool, with what the connector tests share: connecting, drills, reading a
/// host, and moving PoolDash's clock one probe round at a time.
/// </summary>
public abstract class ConnectedPoolTestBase : IAsyncLifetime, IDisposable
{
    protected const string Secret = "Xapi-Secret-7";
    protected static readonly Guid LabPool = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0001");
    protected static readonly Guid Xcp02 = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0012");
    protected static readonly Guid Xcp03 = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0013");
    protected static readonly Uri Connect = new("/api/v1/pools/connect", UriKind.Relative);

    internal PoolDashFactory Factory { get; }

    /// <summary>What PoolDash logged, said when a wait on it runs out.</summary>
    private readonly LogCollector _logs = new();

    protected ConnectedPoolTestBase() => Factory = new()
    {
        Settings = new Dictionary<string, string?> { ["PoolDash:Xapi:AllowPlainHttp"] = "true" },
        TestServices = s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
    };

    internal EmulatorProcess Emulator { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    /// <summary>The emulator's options beyond the pool, port and prefix.</summary>
    protected virtual string[] EmulatorOptions => ["--password", Secret];

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorProcess.StartAsync(Path.Combine(Repository.Root(), "docs", "pool-description.example.json"), EmulatorOptions);
        Admin = await Factory.ClientAsync("alice", Role.PoolAdmin);
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    public void Dispose()
    {
        Admin.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>PoolDash's probe period (its default).</summary>
    internal static TimeSpan ProbeInterval => new XapiOptions().ProbeInterval;

    internal XapiConnections Connections => Factory.Services.GetRequiredService<XapiConnections>();

    /// <summary>Connects the emulator's pool (a 60 s timeout, the two-person rule as asked).</summary>
    internal async Task ConnectAsync(EmulatorProcess? emulator = null, bool twoPersonRule = true)
    {
        using var response = await Admin.PostAsJsonAsync(Connect, new
        {
            masterAddress = (emulator ?? Emulator).Master.ToString(),
            userName = "root",
            password = Secret,
            livenessTimeoutSeconds = 60,
            twoPersonRule,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    internal static async Task DrillAsync(EmulatorProcess emulator, Guid host, string drill)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(emulator.Master, $"/drills/hosts/{host}/{drill}"), null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    protected async Task<JsonElement> HostAsync(string name) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{LabPool}")).GetProperty("hosts").EnumerateArray()
            .Single(h => h.GetProperty("name").GetString() == name);

    /// <summary>Until the follower has read that the master no longer reports <paramref name="host"/> live.</summary>
    protected async Task WaitUntilMasterGivesUpAsync(Guid host)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatusChanged(Guid pool)
        {
            if (Connections.StatusOf(pool) is { LastSynchronisedAt: not null } status && !status.HostsLiveForXapi.Contains(host))
            {
                seen.TrySetResult();
            }
        }

        Connections.StatusChanged += OnStatusChanged;
        OnStatusChanged(LabPool);
        try
        {
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Connections.StatusChanged -= OnStatusChanged;
        }
    }

    /// <summary>Moves PoolDash's clock one probe period at a time, each time until a probe round that began at the new
    /// time has answered (not a slow earlier round ending late: waiting on that once lost a round), then has the
    /// monitor sweep.</summary>
    internal async Task AdvanceProbeRoundsAsync(TimeSpan total)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += ProbeInterval)
        {
            var round = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var at = Factory.Time.GetUtcNow() + ProbeInterval;
            void OnRound(Guid pool)
            {
                if (pool == LabPool && Connections.StatusOf(pool)!.LastProbedAt >= at)
                {
                    round.TrySetResult();
                }
            }

            Connections.StatusChanged += OnRound;
            Factory.Time.Advance(ProbeInterval);
            OnRound(LabPool);
            try
            {
                await round.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"no probe round answered within 60 s after PoolDash's clock moved to {Factory.Time.GetUtcNow():O}; "
                    + $"the last began at {Connections.StatusOf(LabPool)?.LastProbedAt:O}; PoolDash's last log lines: {string.Join(" | ", _logs.Messages.TakeLast(15))}");
            }
            Connections.StatusChanged -= OnRound;
        }

        Factory.Services.GetRequiredService<PoolDash.Web.Monitoring.LivenessMonitor>().SweepAll();
    }
}
