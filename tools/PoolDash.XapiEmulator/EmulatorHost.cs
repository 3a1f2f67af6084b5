using System.Text.Json.Nodes;
using PoolDash.XapiEmulator.Api;
using PoolDash.XapiEmulator.Database;
using PoolDash.XapiEmulator.Drills;
using PoolDash.XapiEmulator.Rpc;

namespace PoolDash.XapiEmulator;

/// <summary>The emulator as a web app: one Kestrel listener per host, each at its own loopback address on the same
/// port (the master at <c>{prefix}.2</c>), all answering from the one pool database.</summary>
internal static class EmulatorHost
{
    public static WebApplication Build(EmulatorOptions options, JsonNode description, TimeProvider time)
    {
        var pool = PoolLoader.Load(description, options.BindPrefix, time.GetUtcNow());
        var builder = WebApplication.CreateSlimBuilder();
        // Options come from the command line (or the embedding application) alone: not from an appsettings.json or
        // ASPNETCORE_ variables that belong to whatever runs in the same folder or process.
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in pool.HostsByAddress.Keys)
            {
                kestrel.Listen(address, options.Port);
            }
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(pool);
        builder.Services.AddSingleton<XapiApi>();
        var conditions = new HostConditions();
        foreach (var hostRef in pool.Database.Refs(XapiClasses.Host))
        {
            // A host the description gives as dead is powered off.
            if (pool.Database.Record(XapiClasses.HostMetrics, (string)pool.Database.Record(XapiClasses.Host, hostRef)["metrics"]!)["live"] is false)
            {
                conditions.Set(hostRef, HostCondition.Crashed);
            }
        }

        builder.Services.AddSingleton(conditions);
        builder.Services.AddSingleton<XapiLiveness>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<XapiLiveness>());
        builder.Services.AddSingleton<Drills.Drills>();
        var app = builder.Build();
        app.MapDrills();
        app.MapXapi();
        return app;
    }
}
