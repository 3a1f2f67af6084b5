using System.Text.Json.Nodes;
using PoolDash.XapiEmulator.Api;
using PoolDash.XapiEmulator.Database;
using PoolDash.XapiEmulator.Rpc;

namespace PoolDash.XapiEmulator;

/// <summary>The command line (see <see cref="EmulatorOptions"/>): a named entry point, not top-level statements, so
/// that an application embedding the emulator (PoolDash's demo) keeps its own <c>Program</c>.</summary>
internal static class EmulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
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
    }
}
