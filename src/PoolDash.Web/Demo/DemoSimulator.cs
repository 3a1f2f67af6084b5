using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PoolDash.Web.Heartbeats;

namespace PoolDash.Web.Demo;

/// <summary>
/// The demo pool's hosts: each heartbeats through the same ingestion path as a real host (token check included).
/// Drills silence a host — crashed, or cut off from the network — and bring it back.
/// </summary>
internal sealed class DemoSimulator(HeartbeatIngestion ingestion, TimeProvider time, IOptions<DemoOptions> options, ILogger<DemoSimulator> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, string> _tokens = new();
    private readonly ConcurrentDictionary<Guid, HostDrill> _silenced = new();

    /// <summary>Hands the simulator the tokens of the hosts it plays (issued when the demo pool is created).</summary>
    public void Play(IEnumerable<(Guid HostId, string Token)> hosts)
    {
        foreach (var (hostId, token) in hosts)
        {
            _tokens[hostId] = token;
        }
    }

    public IReadOnlyDictionary<Guid, HostDrill> Silenced => _silenced;

    public bool Plays(Guid hostId) => _tokens.ContainsKey(hostId);

    /// <summary>The host stops reporting: powered off (<see cref="HostDrill.Crashed"/>) or unreachable
    /// (<see cref="HostDrill.CutOff"/>). To PoolDash both are silence, as they are to a XenServer master.</summary>
    public bool Silence(Guid hostId, HostDrill drill)
    {
        if (!Plays(hostId))
        {
            return false;
        }

        _silenced[hostId] = drill;
        logger.LogInformation("Drill: host {HostId} {Drill}", hostId, drill);
        return true;
    }

    /// <summary>The host is repaired or reconnected and reports again at once.</summary>
    public bool BringBack(Guid hostId)
    {
        if (!_silenced.TryRemove(hostId, out _))
        {
            return false;
        }

        logger.LogInformation("Drill: host {HostId} is back", hostId);
        if (_tokens.TryGetValue(hostId, out var token))
        {
            ingestion.Record(hostId, token);
        }

        return true;
    }

    /// <summary>One round of heartbeats from every host that is not silenced.</summary>
    public void Beat()
    {
        foreach (var (hostId, token) in _tokens)
        {
            if (!_silenced.ContainsKey(hostId) && ingestion.Record(hostId, token) != HeartbeatVerdict.Recorded)
            {
                // Forgotten (or replaced): a real host would be refused for ever, so stop playing it.
                _tokens.TryRemove(hostId, out _);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatIntervalSeconds), time);
        Beat();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Beat();
        }
    }
}
