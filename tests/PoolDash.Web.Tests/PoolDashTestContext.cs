using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Auth;
using PoolDash.Web.Components.Recovery;
using PoolDash.Web.Demo;
using PoolDash.Web.Heartbeats;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Tests;

/// <summary>
/// The shared bUnit context: MudBlazor services, loose JS interop, fake time, the real event stream and recovery
/// service over the demo pool (no hosted services run: tests drive heartbeats, sweeps and time themselves).
/// </summary>
public abstract class PoolDashTestContext : BunitContext, IAsyncLifetime
{
    internal static readonly TimeSpan DemoTimeout = TimeSpan.FromSeconds(30);

    protected PoolDashTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Time);
        var demo = Domain.Pools.Pool.Create(DemoPool.Description(DemoTimeout), Time, Stream);
        Assert.Empty(demo.Problems);
        Demo = demo.Pool!;
        var registry = new PoolRegistry();
        registry.TryAdd(Demo);
        Services.AddSingleton(registry);
        Services.AddSingleton(Stream);
        var tokens = new HostTokens();
        Services.AddSingleton(tokens);
        var database = PoolDashDb.Options($"Data Source={Path.Combine(_data, "pooldash.db")};Pooling=False");
        Store = new PoolStore(database, tokens);
        Services.AddSingleton(Store);
        Services.AddScoped(_ => new PoolDashDb(database));
        Services.AddSingleton(database);
        Services.AddIdentityCore<PoolDashUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<PoolDashDb>();
        Services.AddSingleton<UserDirectory>();
        Services.AddSingleton<ApprovalBook>();
        Services.AddSingleton<PresenceTracker>();
        Services.AddSingleton(Options.Create(new PoolDashOptions()));
        Authorization = AddAuthorization();
        Services.AddMetrics();
        Services.AddSingleton<PoolDash.Web.Metrics.PoolDashMetrics>();
        Services.AddSingleton<LivenessMonitor>();
        Services.AddSingleton<HeartbeatIngestion>();
        Services.AddSingleton<DemoEmulator>();
        Services.AddSingleton(Options.Create(new DemoOptions()));
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<PoolTurns>();
        Services.AddSingleton<PoolDash.Web.XapiPools.ConnectedPools>();
        Services.AddSingleton<RecoveryService>();
        Services.AddSingleton<PoolService>();
        Services.AddSingleton<PoolDash.Web.XapiPools.XapiConnectionStore>();
        Services.AddSingleton(Options.Create(new PoolDash.Web.XapiPools.XapiOptions()));
        Services.AddDataProtection();
        Services.AddSingleton<PoolDash.Web.XapiPools.XapiFollowers>();
        Services.AddSingleton<PoolDash.Web.XapiPools.XapiConnections>();
        Services.AddSingleton<PoolDash.Web.XapiPools.XapiStepStore>();
        Services.AddSingleton<PoolDash.Web.XapiPools.XapiSteps>();
        Services.AddSingleton<IncidentTimeline>();
        Services.AddSignalR();
        Services.AddSingleton<PoolDash.Web.Incidents.IncidentBook>();
        Services.AddHttpClient();
        Services.AddSingleton(Options.Create(new PoolDash.Web.Notifications.NotificationOptions()));
        Services.AddSingleton<PoolDash.Web.Notifications.ChannelSender>();
        Services.AddSingleton<PoolDash.Web.Notifications.NotificationChannels>();
        Services.AddSingleton<PoolDash.Web.Notifications.NotificationDispatcher>();
        Services.AddSingleton<PoolDash.Web.Kiosk.KioskLinks>();
        Services.AddScoped<OperationRunner>();
        Services.AddScoped<PoolDash.Web.Components.Shared.ViewerClock>();
        Services.AddSingleton<PoolDash.Web.Components.WallScreen.WallBoard>();

        // Last: touching the renderer builds the service provider. The pages run as they do in a circuit.
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private readonly string _data = Directory.CreateTempSubdirectory("pooldash-bunit-").FullName;

    internal string DataFile => Path.Combine(_data, "pooldash.db");

    /// <summary>A real SQLite file of the test's own: operations are stored before the page is told they are done.</summary>
    internal PoolStore Store { get; }

    /// <summary>Who the pages see as signed in: <see cref="SignInAsAsync"/> sets it.</summary>
    internal BunitAuthorizationContext Authorization { get; }

    public async Task InitializeAsync()
    {
        await Store.MigrateAsync(CancellationToken.None);
        await Services.GetRequiredService<UserDirectory>().EnsureBootstrapAdminAsync(TestUsers.Password);
        await SignInAsAsync("alice", Role.PoolAdmin);
    }

    /// <summary>Creates the user when new (in the real user store, so the server's gates see their role) and makes
    /// them the one the pages see signed in.</summary>
    internal async Task SignInAsAsync(string userName, Role role)
    {
        var users = Services.GetRequiredService<UserDirectory>();
        if (await users.FindAsync(userName) is null)
        {
            var created = await users.CreateAsync(new Operator("admin", Role.PoolAdmin), "test", userName, role, TestUsers.Password);
            Assert.True(created.Done, created.Message);
        }

        Authorization.SetAuthorized(userName);
        Authorization.SetRoles(Roles.Name(role));
    }

    // MudBlazor registers services that can only be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    // The real "now", read once: the framework stamps some things (lockouts) on the real clock.
    internal FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    internal PoolEventStream Stream { get; } = new();

    internal Domain.Pools.Pool Demo { get; }

    /// <summary>Every demo host but <paramref name="silent"/> reports while the pool's timeout passes, then the
    /// monitor's sweep (the pool publishes its events to the stream itself).</summary>
    internal void Kill(Guid silent)
    {
        Time.Advance(DemoTimeout);
        foreach (var host in Demo.Snapshot().Hosts.Where(h => h.Id != silent))
        {
            Demo.RecordHeartbeat(host.Id);
        }

        Demo.Sweep();
    }
}
