using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using PoolDash.Web.Agent;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Components;
using PoolDash.Web.Components.Recovery;
using PoolDash.Web.Demo;
using PoolDash.Web.Heartbeats;
using PoolDash.Web.Incidents;
using PoolDash.Web.Kiosk;
using PoolDash.Web.Metrics;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Notifications;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;
using PoolDash.Web.Problems;
using PoolDash.Web.Realtime;
using PoolDash.Web.Recovery;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web;

/// <summary>Everything PoolDash registers and maps, so that Program.cs stays a table of contents.</summary>
internal static class PoolDashApplication
{
    public static IServiceCollection AddPoolDash(this IServiceCollection services)
    {
        services.AddOptions<PoolDashOptions>().BindConfiguration(PoolDashOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        services.AddOptions<XapiOptions>().BindConfiguration(XapiOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddHealthChecks();
        services.AddOpenApi(o => o.AddDocumentTransformer<HeartbeatContract>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddMudServices();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddPoolDashAuth();
        // Keys in the data folder: the sign-in cookies, bearer tokens and stored pool passwords survive a restart.
        services.AddDataProtection().SetApplicationName("PoolDash");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<PoolDashOptions>, IHostEnvironment, ILoggerFactory>((keys, options, environment, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(DataDirectory(options.Value, environment.ContentRootPath), "keys")), logs));

        // The store's contexts get EF's own internal services, not the app's: the last save runs while the host stops.
        services.AddSingleton(sp => PoolDashDb.Options(SqliteConnectionString(
            sp.GetRequiredService<IOptions<PoolDashOptions>>().Value, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)));
        services.AddSingleton<PoolStore>();
        services.AddSingleton<PoolRegistry>();
        services.AddSingleton<HostTokens>();
        services.AddSingleton<PoolEventStream>();
        services.AddSingleton<HeartbeatIngestion>();
        services.AddSingleton<PoolService>();
        services.AddSingleton<LivenessMonitor>();
        services.AddSingleton<DemoEmulator>();
        services.AddSingleton<PoolTurns>();
        services.AddSingleton<RecoveryService>();
        services.AddSingleton<ApprovalBook>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<IncidentTimeline>();
        services.AddSingleton<XapiConnectionStore>();
        services.AddSingleton<ConnectedPools>();
        services.AddSingleton<XapiFollowers>();
        services.AddSingleton<XapiConnections>();
        services.AddSingleton<XapiStepStore>();
        services.AddSingleton<XapiSteps>();
        services.AddScoped<OperationRunner>();
        services.AddScoped<PoolDash.Web.Components.Shared.ViewerClock>();
        services.AddSingleton<PoolDash.Web.Components.WallScreen.WallBoard>();

        // Start order matters: pools exist before the monitor sweeps and the simulator beats.
        services.AddHostedService<PoolStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<LivenessMonitor>());
        services.AddHostedService<HubBroadcaster>();
        services.AddHostedService<PoolPersister>();
        services.AddHostedService<ApprovalExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<IncidentTimeline>());
        services.AddHostedService(sp => sp.GetRequiredService<XapiConnections>());
        services.AddHostedService<XapiStepWatcher>();
        services.AddSingleton<IncidentBook>();
        services.AddHostedService<IncidentTracker>();
        services.AddNotifications();
        services.AddKioskLinks();
        services.AddPoolDashMetrics();
        return services;
    }

    private static string SqliteConnectionString(PoolDashOptions options, string contentRoot) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDirectory(options, contentRoot), "pooldash.db") }.ToString();

    private static string DataDirectory(PoolDashOptions options, string contentRoot)
    {
        var directory = Path.GetFullPath(options.DataDirectory, contentRoot);
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static WebApplication UsePoolDash(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        // Pages get the not-found page; the API gets problem details, with the code a script can branch on.
        app.UseWhen(c => !AuthSetup.IsApi(c.Request), b => b.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(c => AuthSetup.IsApi(c.Request), b => b.UseStatusCodePages(c => c.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => AuthSetup.Unauthorized(c.HttpContext),
            StatusCodes.Status403Forbidden => AuthSetup.Forbidden(c.HttpContext),
            var status => ApiProblems.WriteAsync(c.HttpContext, status, $"HTTP_{status}", ReasonPhrases.GetReasonPhrase(status),
                "See the OpenAPI document at /openapi/v1.json for the API's routes."),
        }));
        app.UseMetricsGate();
        app.UsePoolDashAuth();
        app.UseAntiforgery();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        // The hot path: routed straight to its handler, past sign-in and anti-forgery; it checks its host tokens itself.
        // A bare RequestDelegate: no handler wrapper, no routing metadata (HeartbeatContract documents it).
        app.MapPost(HeartbeatEndpoint.Path, HeartbeatEndpoint.HandleAsync).AllowAnonymous().ShortCircuit();
        app.MapPoolDashAuth();
        app.MapUserEndpoints();
        app.MapPoolEndpoints();
        app.MapAgentFiles();
        app.MapConnectEndpoints();
        app.MapDemoEndpoints();
        app.MapAuditEndpoints();
        app.MapIncidentEndpoints();
        app.MapNotificationEndpoints();
        app.MapKioskEndpoints();
        app.MapMetrics();
        app.MapStepEndpoints();
        app.MapOperationEndpoints();
        app.MapHub<PoolHub>(PoolHub.Path);
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
