using System.Net;
using System.Security.Cryptography;
using System.Text;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Metrics;

/// <summary>Where metrics are scraped (section <c>PoolDash:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string Section = "PoolDash:Metrics";

    /// <summary>A scraper from another machine sends <c>Authorization: Bearer &lt;Token&gt;</c>; without one set, only
    /// loopback may scrape (a Prometheus or agent on this machine).</summary>
    public string? Token { get; set; }
}

/// <summary><c>GET /metrics</c> in Prometheus' text format, through OpenTelemetry's exporter.</summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IServiceCollection AddPoolDashMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section);
        services.AddSingleton<PoolDashMetrics>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitCounter>();
        services.AddOpenTelemetry().ConfigureResource(r => r.AddService("pooldash")).WithMetrics(metrics =>
        {
            metrics.AddMeter(PoolDashMetrics.MeterName, Notifications.NotificationDispatcher.MeterName).AddPrometheusExporter();
            ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) =>
                builder.AddView(OnlyThisServers(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>())));
        });
        return services;
    }

    // A provider listens to every meter of a name in the process; ours come from this server's meter factory, so two
    // servers in one process (the tests) each export only their own hosts and heartbeats.
    private static Func<System.Diagnostics.Metrics.Instrument, MetricStreamConfiguration?> OnlyThisServers(System.Diagnostics.Metrics.IMeterFactory mine) =>
        instrument => ReferenceEquals(instrument.Meter.Scope, mine) ? null : MetricStreamConfiguration.Drop;

    /// <summary>Before authentication: the scraper is let in by where it is or by its token, never by a user's sign-in.</summary>
    public static void UseMetricsGate(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.Equals(Path, StringComparison.Ordinal), b => b.Use(async (context, next) =>
        {
            var token = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Token;
            if (IsLoopback(context.Connection.RemoteIpAddress) || (!string.IsNullOrEmpty(token) && Bearer(context.Request, token)))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            await ApiProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, Domain.Errors.XapiErrorNames.SessionAuthenticationFailed,
                "Metrics are open to a scraper on this machine, or to one that sends the metrics token",
                "Scrape from loopback, or set PoolDash:Metrics:Token and send Authorization: Bearer <token>.").ConfigureAwait(false);
        }));

    public static void MapMetrics(this IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint(Path).AllowAnonymous();

    // TestServer has no remote address: the in-process tests count as this machine.
    private static bool IsLoopback(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    private static bool Bearer(HttpRequest request, string token) =>
        request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..]), Encoding.UTF8.GetBytes(token));
}
