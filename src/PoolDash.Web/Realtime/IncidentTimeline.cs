using System.Collections.Concurrent;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Snapshots;
using PoolDash.Web.Audit;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Realtime;

/// <summary>
/// The last hour of what mattered in each pool, in words, read from the audit trail: hosts declared dead and revived,
/// HA elections, old masters demoted, operators' steps, refusals and approvals — so it survives a restart and says
/// exactly what the record says. The one thing added from the live stream is a host turning Suspect, an early warning
/// that is not a fact for the record. The wall screen and the pool pages show it; heartbeats never reach it.
/// </summary>
internal sealed class IncidentTimeline : BackgroundService
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(1);

    /// <summary>Most entries kept (and read back at start) per pool.</summary>
    private const int MaxPerPool = 1000;

    private readonly PoolEventStream.Subscription _subscription;
    private readonly PoolRegistry _registry;
    private readonly PoolStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<(long AuditId, TimelineEntry Entry)>> _byPool = new();

    public IncidentTimeline(PoolEventStream stream, PoolRegistry registry, PoolStore store, TimeProvider time)
    {
        _registry = registry;
        _store = store;
        _time = time;
        _subscription = stream.Subscribe();
        // Followed from construction, before anything is stored at start; what was stored before is read in StartAsync.
        store.AuditCommitted += Record;
    }

    /// <summary>A pool's timeline changed.</summary>
    public event Action<Guid>? Changed;

    public IReadOnlyList<TimelineEntry> Of(Guid poolId)
    {
        var cutoff = _time.GetUtcNow() - Span;
        return _byPool.TryGetValue(poolId, out var entries)
            ? [.. entries.Select(e => e.Entry).Where(e => e.At >= cutoff).OrderByDescending(e => e.At)]
            : [];
    }

    /// <summary>Records committed audit entries; names are read from one snapshot per pool.</summary>
    public void Record(IReadOnlyList<AuditRecord> entries) =>
        Add(entries.Where(e => e.PoolId is not null).Select(e => (e.PoolId!.Value, e.Id, e.At, (Func<PoolSnapshot?, (string, string)?>)(pool => Describe(e, pool)))));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.ReadRecentAuditAsync(_time.GetUtcNow() - Span, MaxPerPool, cancellationToken).ConfigureAwait(false);
        var known = _byPool.Values.SelectMany(q => q).Select(e => e.AuditId).ToHashSet();
        Record([.. stored.Where(e => !known.Contains(e.Id))]);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _subscription.Reader;
        var suspects = new List<HostLivenessChanged>();
        while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var e))
            {
                if (e is HostLivenessChanged { To: Liveness.Suspect } suspect)
                {
                    suspects.Add(suspect);
                }
            }

            Add(suspects.Select(s => (s.PoolId, 0L, s.At, (Func<PoolSnapshot?, (string, string)?>)(pool =>
                ("warning", $"{NameOf(pool, s.HostId)} is suspect: heartbeats overdue")))));
            suspects.Clear();
        }
    }

    public override void Dispose()
    {
        _store.AuditCommitted -= Record;
        _subscription.Dispose();
        base.Dispose();
    }

    private void Add(IEnumerable<(Guid PoolId, long AuditId, DateTimeOffset At, Func<PoolSnapshot?, (string Severity, string Text)?> Describe)> items)
    {
        var snapshots = new Dictionary<Guid, PoolSnapshot?>();
        var cutoff = _time.GetUtcNow() - Span;
        foreach (var (poolId, auditId, at, describe) in items)
        {
            if (!snapshots.TryGetValue(poolId, out var pool))
            {
                snapshots[poolId] = pool = _registry.Find(poolId)?.Snapshot();
            }

            if (describe(pool) is not { } text)
            {
                continue;
            }

            var entries = _byPool.GetOrAdd(poolId, _ => new());
            entries.Enqueue((auditId, new TimelineEntry(at, text.Severity, text.Text)));
            while (entries.TryPeek(out var oldest) && (oldest.Entry.At < cutoff || entries.Count > MaxPerPool))
            {
                entries.TryDequeue(out _);
            }
        }

        foreach (var poolId in snapshots.Keys)
        {
            Changed?.Invoke(poolId);
        }
    }

    /// <summary>An audit entry in words, or null for one the timeline leaves out (a repeat of another line).</summary>
    internal static (string Severity, string Text)? Describe(AuditRecord e, PoolSnapshot? pool)
    {
        var target = e.ObjectId is { } id ? NameOf(pool, id) : pool?.Name ?? "the pool";
        return (e.Outcome, e.Operation) switch
        {
            (AuditOutcomes.Event, "host-declared-dead") => ("error", $"{target} is dead ({After(e.Detail, ": ")})"),
            (AuditOutcomes.Event, "host-revived") => ("success", $"{target} is alive again ({After(e.Detail, ": ")})"),
            (AuditOutcomes.Event, EventReasons.HaElection) => ("warning", $"{target} is the new master ({EventReasons.HaElection})"),
            (AuditOutcomes.Event, "host-demoted") => ("error", $"{target} came back after {NameOf(pool, AuditDrafts.DemotedBy(e.Detail))} became master: demoted to member, never master again"),
            (AuditOutcomes.Event, "ha-restart-failed") => ("error", $"HA could not restart {target}: {e.Detail}"),
            // The system opens and closes incidents on the events that already have their own line above; saying it
            // twice pushes the lines that matter off the wall. What people do with an incident is its own line.
            (AuditOutcomes.Event, Incidents.IncidentBook.OperationTrigger) => null,
            (_, Incidents.IncidentBook.OperationResolve) when e.Actor == AuditDrafts.System => null,
            (AuditOutcomes.Performed, Incidents.IncidentBook.OperationAcknowledge) => ("warning", $"{e.Actor} is on it: {After(e.Detail, ": ")}"),
            (_, Incidents.IncidentBook.OperationResolve) => ("success", $"incident resolved by {e.Actor}: {After(e.Detail, ": ")}"),
            (AuditOutcomes.Performed, _) => ("info", $"{e.Actor}: {e.Operation} on {target}{From(e.Detail, ", approved by ")}"),
            (AuditOutcomes.Refused, _) => ("warning", $"{e.Actor}: {e.Operation} on {target} refused — {AuditDrafts.RefusedWith(e.Detail)}"),
            (AuditOutcomes.Pending, _) => ("warning", $"{e.Actor} asks a second Pool Admin to approve {e.Operation} on {target}"),
            (AuditOutcomes.Approved, _) => ("info", $"{e.Actor} approved {e.Operation} on {target}"),
            (AuditOutcomes.Cancelled, _) => ("info", $"{e.Actor} withdrew {e.Operation} on {target}"),
            (AuditOutcomes.Expired, _) => ("warning", $"{e.Operation} on {target} expired: no second Pool Admin approved it"),
            _ => null,
        };
    }

    private static string NameOf(PoolSnapshot? pool, Guid? id) =>
        id is not { } value ? "another host"
        : pool is null ? value.ToString()[..8]
        : pool.Hosts.FirstOrDefault(h => h.Id == value)?.Name
            ?? pool.Vms.FirstOrDefault(v => v.Id == value)?.Name
            ?? pool.Srs.FirstOrDefault(s => s.Id == value)?.Name
            ?? (pool.Id == value ? pool.Name : value.ToString()[..8]);

    private static string After(string text, string separator) =>
        text.IndexOf(separator, StringComparison.Ordinal) is var i and >= 0 ? text[(i + separator.Length)..] : text;

    private static string From(string text, string marker) =>
        text.IndexOf(marker, StringComparison.Ordinal) is var i and >= 0 ? text[i..] : "";
}
