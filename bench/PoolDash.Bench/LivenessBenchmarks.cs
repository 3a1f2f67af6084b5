using BenchmarkDotNet.Attributes;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Heartbeats;
using PoolDash.Domain.Pools;

namespace PoolDash.Bench;

/// <summary>
/// The heartbeat hot path and the liveness sweep on a pool of 10 000 hosts, on the real clock. Heartbeats go to
/// hosts in turn, as a fleet's would, from the agent and from the probe of a connected pool (the two channels
/// PoolDash times itself); the master's view of every host is heard as the connector hears it every few seconds;
/// the sweep runs when nothing is due (the common case).
/// </summary>
[MemoryDiagnoser]
public class LivenessBenchmarks
{
    public const int HostCount = 10_000;

    private Pool _pool = null!;
    private Guid[] _hosts = [];
    private int _next;
    private HashSet<Guid> _live = [];

    [GlobalSetup]
    public void Setup()
    {
        _hosts = [.. Enumerable.Range(0, HostCount).Select(i => Guid.Parse($"10000000-0000-0000-0000-{i:x12}"))];
        var description = new PoolDescription
        {
            Id = Guid.Parse("b0000000-0000-0000-0000-000000000001"),
            Name = "bench",
            Hosts = [.. _hosts.Select((id, i) => new HostDescription
            {
                Id = id,
                Name = $"host-{i}",
                Address = "192.0.2.1",
                MemoryMiB = 65536,
                Role = i == 0 ? HostRole.Master : HostRole.Member,
            })],
        };
        var creation = Pool.Create(description, TimeProvider.System);
        _pool = creation.Pool ?? throw new InvalidOperationException(string.Join("; ", creation.Problems));
        foreach (var id in _hosts)
        {
            _pool.RecordHeartbeat(id);
        }

        _live = [.. _hosts];
        _pool.ObserveMasterView(_live);
    }

    [Benchmark(Description = "RecordHeartbeat (alive host, 10 000-host pool)")]
    public HeartbeatOutcome RecordHeartbeat()
    {
        var i = _next;
        _next = i + 1 == HostCount ? 0 : i + 1;
        return _pool.RecordHeartbeat(_hosts[i]).Outcome;
    }

    [Benchmark(Description = "RecordHeartbeat from the probe (alive host, 10 000-host pool)")]
    public HeartbeatOutcome RecordProbeAnswer()
    {
        var i = _next;
        _next = i + 1 == HostCount ? 0 : i + 1;
        return _pool.RecordHeartbeat(_hosts[i], LivenessChannel.Probe).Outcome;
    }

    [Benchmark(Description = "ObserveMasterView, nothing changed (10 000 hosts)")]
    public int ObserveMasterView() => _pool.ObserveMasterView(_live).Count;

    [Benchmark(Description = "Sweep, nothing due (10 000 hosts)")]
    public DateTimeOffset? SweepNothingDue() => _pool.Sweep().NextDueAt;
}
