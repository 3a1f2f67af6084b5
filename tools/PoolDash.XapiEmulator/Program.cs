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
await app.RunAsync().ConfigureAwait(false);
return 0;
