using System.Collections.Concurrent;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Snapshots;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Realtime;

/// <summary>
/// The last hour of what mattered in each pool, in words: hosts dying and reviving, masters changing, old masters
/// demoted, operators' steps and refusals. The wall screen and the pool pages show it; heartbeats never reach it.
/// </summary>
internal sealed class IncidentTimeline(PoolEventStream stream, PoolRegistry registry, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(1);

    private readonly PoolEventStream.Subscription _subscription = stream.Subscribe();
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<TimelineEntry>> _byPool = new();

    public IReadOnlyList<TimelineEntry> Of(Guid poolId)
    {
        var cutoff = time.GetUtcNow() - Span;
        return _byPool.TryGetValue(poolId, out var entries) ? [.. entries.Where(e => e.At >= cutoff).Reverse()] : [];
    }

    public void Record(PoolEvent e) => Record([e]);

    /// <summary>Records a batch; names are read from one snapshot per pool, so a storm of verdicts costs one read.</summary>
    public void Record(IReadOnlyList<PoolEvent> events)
    {
        var snapshots = new Dictionary<Guid, PoolSnapshot?>();
        var cutoff = time.GetUtcNow() - Span;
        foreach (var e in events)
        {
            if (!snapshots.TryGetValue(e.PoolId, out var pool))
            {
                snapshots[e.PoolId] = pool = registry.Find(e.PoolId)?.Snapshot();
            }

            if (Describe(e, pool) is not { } text)
            {
                continue;
            }

            var entries = _byPool.GetOrAdd(e.PoolId, _ => new ConcurrentQueue<TimelineEntry>());
            entries.Enqueue(new TimelineEntry(e.At, text.Severity, text.Text));
            while (entries.TryPeek(out var oldest) && (oldest.At < cutoff || entries.Count > 1000))
            {
                entries.TryDequeue(out _);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _subscription.Reader;
        var batch = new List<PoolEvent>();
        while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            Record(batch);
            batch.Clear();
        }
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }

    private static (string Severity, string Text)? Describe(PoolEvent e, PoolSnapshot? pool)
    {
        string Host(Guid id) => pool?.Hosts.FirstOrDefault(h => h.Id == id)?.Name ?? id.ToString()[..8];
        string Vm(Guid id) => pool?.Vms.FirstOrDefault(v => v.Id == id)?.Name ?? id.ToString()[..8];
        return e switch
        {
            HostLivenessChanged { To: Liveness.Dead } c => ("error", $"{Host(c.HostId)} is dead ({c.Reason})"),
            HostLivenessChanged { To: Liveness.Suspect } c => ("warning", $"{Host(c.HostId)} is suspect: heartbeats overdue"),
            HostLivenessChanged { To: Liveness.Alive, From: Liveness.Dead } c => ("success", $"{Host(c.HostId)} is alive again ({c.Reason})"),
            HostLivenessChanged { To: Liveness.Forgotten } c => ("info", $"{Host(c.HostId)} was forgotten"),
            MasterChanged m => ("warning", $"{Host(m.NewMasterId)} is the new master ({m.Reason})"),
            HostDemoted d => ("error", $"{Host(d.HostId)} came back after {Host(d.MasterId)} became master: demoted to member, never master again"),
            MembersRecovered r => ("info", $"Recover slaves: {r.Recovered.Count} member(s) follow the new master, {r.StillWaiting.Count} still waiting"),
            HaRestartFailed f => ("error", $"HA could not restart {Vm(f.VmId)}: {f.Reason}"),
            HaStateChanged h => ("info", $"HA {(h.Enabled ? "enabled" : "disabled")}"),
            OperationPerformed o => ("info", $"{o.Actor}: {o.Operation} on {Target(o.TargetId)}"),
            OperationRefused r => ("warning", $"{r.Actor}: {r.Operation} on {Target(r.TargetId)} refused — {r.Error.Name}"),
            _ => null,
        };

        string Target(Guid id) => pool?.Hosts.Any(h => h.Id == id) == true ? Host(id) : pool?.Vms.Any(v => v.Id == id) == true ? Vm(id) : pool?.Srs.FirstOrDefault(s => s.Id == id)?.Name ?? id.ToString()[..8];
    }
}
