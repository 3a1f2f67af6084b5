using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PoolDash.Domain.Descriptions;
using PoolDash.Web.Audit;
using PoolDash.Web.Pools;
using PoolDash.Web.XapiPools;
using PoolDash.XapiEmulator;

namespace PoolDash.Web.Demo;

/// <summary>
/// The embedded demo: an emulated XenServer pool on loopback (each host at its own 127.0.0.x address), connected
/// through the real connector, so the default path is the real-pool path — its state read through XAPI, its steps
/// carried out through XAPI, its drills done to the emulated hosts. A restart starts the emulator from the demo pool
/// as PoolDash last stored it, so the demo continues where it was.
/// </summary>
internal sealed class DemoEmulator(
    PoolRegistry registry,
    XapiConnections connections,
    IOptions<DemoOptions> options,
    IOptions<JsonOptions> json,
    ILogger<DemoEmulator> logger) : IAsyncDisposable
{
    private const string User = "root";
    private EmbeddedEmulator? _emulator;

    /// <summary>Whether the host is one of the demo pool's (its drills apply).</summary>
    public bool Plays(Guid hostId) => _emulator is not null && registry.Find(DemoPool.Id)?.Snapshot().Hosts.Any(h => h.Id == hostId) == true;

    /// <summary>The drill a demo host is under (null: none).</summary>
    public string? DrillOf(Guid hostId) => _emulator?.DrillOf(hostId);

    /// <summary><c>crash</c>, <c>cut-off</c>, <c>isolate</c> or <c>bring-back</c> on a demo host; false for a host not
    /// in the demo pool, or bringing back one that runs.</summary>
    public bool Drill(Guid hostId, string drill) => Plays(hostId) && _emulator!.Drill(hostId, drill);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        var timeout = TimeSpan.FromSeconds(demo.LivenessTimeoutSeconds);
        var haTimeout = TimeSpan.FromSeconds(demo.HaTimeoutSeconds);
        var stored = registry.Find(DemoPool.Id);
        var description = stored?.Describe() ?? DemoPool.Description(timeout, haTimeout);
        var password = demo.EmulatorPassword.Length > 0 ? demo.EmulatorPassword : RandomNumberGenerator.GetHexString(32, lowercase: true);
        var port = demo.EmulatorPort != 0 ? demo.EmulatorPort : FreePort(demo.EmulatorBindPrefix);
        _emulator = await EmbeddedEmulator.StartAsync(JsonSerializer.SerializeToNode(description, json.Value.SerializerOptions)!, demo.EmulatorBindPrefix, port,
            User, password, timeout, TimeSpan.FromSeconds(demo.RestartSeconds), haTimeout, cancellationToken).ConfigureAwait(false);
        var master = _emulator.Master.GetLeftPart(UriPartial.Authority);
        if (stored is null)
        {
            var (_, error) = await connections.ConnectAsync(new ConnectRequest(master, User, password, null, demo.LivenessTimeoutSeconds, null, demo.HaTimeoutSeconds),
                PoolService.System, AuditDrafts.System, cancellationToken, embedded: true).ConfigureAwait(false);
            if (error is not null)
            {
                throw new InvalidOperationException($"The demo pool could not be connected at {master}: {error.Name} {error.Message}");
            }
        }
        else
        {
            connections.FollowEmbedded(DemoPool.Id, master, User, password);
        }

        logger.LogInformation("Demo pool: an emulated XenServer pool with its master at {Master}, connected through XAPI; {Timeout} s liveness timeout (a demo setting; real pools default to 600 s)",
            master, timeout.TotalSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A port free at the master's address (every host listens on the same one).</summary>
    private static int FreePort(string prefix)
    {
        using var listener = new TcpListener(IPAddress.Parse($"{prefix}.2"), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
