using System.Diagnostics.Metrics;
using PoolDash.Domain.Pools;
using PoolDash.Web.Incidents;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Metrics;

/// <summary>
/// PoolDash's own instruments (meter <c>PoolDash</c>), for the Prometheus tools operators already run: hosts by
/// liveness per pool and incidents by state (read when scraped, nothing kept for them), heartbeats accepted and
/// refused, how late the monitor looked at a due verdict, and the live connections of the hub and the pages.
/// Notification deliveries and failures are the dispatcher's (meter <c>PoolDash.Notifications</c>).
/// </summary>
internal sealed class PoolDashMetrics
{
    public const string MeterName = "PoolDash";

    // From the host's meter factory, not `new Meter`: a meter of its own belongs to this server alone, so two servers in
    // one process (the tests) never count each other's heartbeats or pools. The factory disposes it.
    private readonly Meter _meter;
    private readonly Counter<long> _heartbeats;
    private readonly Histogram<double> _verdictLateness;
    private readonly UpDownCounter<long> _hubConnections;
    private readonly UpDownCounter<long> _circuits;

    public PoolDashMetrics(IMeterFactory meters, PoolRegistry registry, IncidentBook incidents)
    {
        _meter = meters.Create(MeterName);
        _heartbeats = _meter.CreateCounter<long>("pooldash.heartbeats", description: "Heartbeats received from hosts' agents, by outcome (accepted, refused)");
        _verdictLateness = _meter.CreateHistogram<double>("pooldash.verdict.lateness", unit: "s",
            description: "How long after a liveness verdict fell due the monitor looked",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
        _hubConnections = _meter.CreateUpDownCounter<long>("pooldash.hub.connections", description: "Open connections to /hubs/pool");
        _circuits = _meter.CreateUpDownCounter<long>("pooldash.circuits", description: "Open pages (Blazor circuits)");
        _meter.CreateObservableGauge("pooldash.hosts", () => Hosts(registry), description: "Hosts by liveness, per pool");
        _meter.CreateObservableGauge("pooldash.incidents", () => Incidents(incidents), description: "Incidents by state, with those resolved in memory");
    }

    public void Heartbeat(bool accepted) => _heartbeats.Add(1, new KeyValuePair<string, object?>("outcome", accepted ? "accepted" : "refused"));

    public void VerdictLateness(TimeSpan late) => _verdictLateness.Record(late.TotalSeconds);

    public void HubConnection(int change) => _hubConnections.Add(change);

    public void Circuit(int change) => _circuits.Add(change);

    private static IEnumerable<Measurement<long>> Hosts(PoolRegistry registry)
    {
        foreach (var pool in registry.All)
        {
            var snapshot = pool.Snapshot();
            foreach (var liveness in Enum.GetValues<Liveness>())
            {
                yield return new(snapshot.Hosts.Count(h => h.Liveness == liveness),
                    new KeyValuePair<string, object?>("pool", snapshot.Name), new KeyValuePair<string, object?>("liveness", liveness.ToString().ToLowerInvariant()));
            }
        }
    }

    private static IEnumerable<Measurement<long>> Incidents(IncidentBook incidents)
    {
        var all = incidents.List(null, null);
        foreach (var state in new[] { IncidentStates.Triggered, IncidentStates.Acknowledged, IncidentStates.Resolved })
        {
            yield return new(all.Count(i => i.State == state), new KeyValuePair<string, object?>("state", state));
        }
    }
}
