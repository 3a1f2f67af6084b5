using System.Text.Json.Nodes;
using PoolDash.XapiEmulator.Database;
using PoolDash.XapiEmulator.Drills;

namespace PoolDash.XapiEmulator;

/// <summary>
/// The emulator inside another application (PoolDash's embedded demo): the same servers on loopback as the command
/// line starts, on the real clock, with the drills as calls.
/// </summary>
public sealed class EmbeddedEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatedPool _pool;
    private readonly Drills.Drills _drills;
    private readonly int _port;

    private EmbeddedEmulator(WebApplication app, int port)
    {
        _app = app;
        _port = port;
        _pool = app.Services.GetRequiredService<EmulatedPool>();
        _drills = app.Services.GetRequiredService<Drills.Drills>();
    }

    /// <summary>The address PoolDash reaches the pool's master at now.</summary>
    public Uri Master => new($"http://{_pool.AddressOf(_pool.MasterRef)}:{_port}");

    /// <param name="description">A PoolDash pool description (the JSON of docs/pool-description.example.json).</param>
    /// <param name="deadInterval">XAPI's host_assumed_dead_interval (and HA's timeout) for this pool.</param>
    /// <param name="restartDelay">How long after an emergency call a host's xapi restarts (XAPI: 10 s).</param>
    /// <param name="haTimeout">HA's timeout once HA is enabled.</param>
    public static async Task<EmbeddedEmulator> StartAsync(JsonNode description, string bindPrefix, int port, string user, string password,
        TimeSpan deadInterval, TimeSpan restartDelay, TimeSpan haTimeout, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions("(embedded)", port, bindPrefix, user, password, deadInterval) { RestartDelay = restartDelay, HaTimeout = haTimeout };
        var app = EmulatorHost.Build(options, description, TimeProvider.System);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new EmbeddedEmulator(app, port);
    }

    /// <summary>A drill on the host with this uuid: <c>crash</c>, <c>cut-off</c>, <c>isolate</c> or <c>bring-back</c>.
    /// False for a host not in the pool, or bringing back a host that is running.</summary>
    public bool Drill(Guid host, string drill)
    {
        var condition = drill switch
        {
            "crash" => HostCondition.Crashed,
            "cut-off" => HostCondition.CutOff,
            "isolate" => HostCondition.Isolated,
            "bring-back" => HostCondition.Running,
            _ => throw new ArgumentException($"Unknown drill '{drill}': crash, cut-off, isolate or bring-back.", nameof(drill)),
        };
        return _drills.Apply(host.ToString(), condition) == DrillResult.Done;
    }

    /// <summary>The drill the host is under: null when it runs normally, else <c>crashed</c>, <c>cut off</c>,
    /// <c>isolated</c> or <c>restarting</c>.</summary>
    public string? DrillOf(Guid host) => _drills.Of(host.ToString()) switch
    {
        HostCondition.Running => null,
        HostCondition.Crashed => "crashed",
        HostCondition.CutOff => "cut off",
        HostCondition.Isolated => "isolated",
        _ => "restarting",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
