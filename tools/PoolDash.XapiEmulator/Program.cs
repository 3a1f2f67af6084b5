using System.Text.Json.Nodes;
using PoolDash.XapiEmulator;
using PoolDash.XapiEmulator.Api;
using PoolDash.XapiEmulator.Database;
using PoolDash.XapiEmulator.Rpc;

EmulatorOptions options;
JsonNode description;
try
{
    options = EmulatorOptions.Parse(args);
    description = JsonNode.Parse(await File.ReadAllTextAsync(options.PoolFile).ConfigureAwait(false))
        ?? throw new InvalidDataException($"{options.PoolFile} is empty.");
}
catch (Exception e) when (e is ArgumentException or IOException or System.Text.Json.JsonException or InvalidDataException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}

var app = EmulatorHost.Build(options, description, TimeProvider.System);
await app.StartAsync().ConfigureAwait(false);
var pool = app.Services.GetRequiredService<EmulatedPool>();
// One line that says where the pool is (scripts and tests wait for it).
Console.WriteLine($"PoolDash XAPI emulator: pool {pool.Database.Record(XapiClasses.Pool, pool.PoolRef)["name_label"]}, master at http://{pool.AddressOf(pool.MasterRef)}:{options.Port}, {pool.HostsByAddress.Count} hosts");
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
