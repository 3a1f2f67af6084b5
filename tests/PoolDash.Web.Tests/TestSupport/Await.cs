using PoolDash.Web.Audit;
using PoolDash.Web.Persistence;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>Waits for data that the app says it has, not on a timer: each helper listens to the app's own
/// notification first, then looks, so nothing that happens in between is missed.</summary>
internal static class Await
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Until an audit entry like <paramref name="entry"/> has committed; answers the whole trail then.</summary>
    public static async Task<IReadOnlyList<AuditRecord>> AuditAsync(PoolStore store, Func<AuditRecord, bool> entry)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCommitted(IReadOnlyList<AuditRecord> entries)
        {
            if (entries.Any(entry))
            {
                committed.TrySetResult();
            }
        }

        store.AuditCommitted += OnCommitted;
        try
        {
            if (!(await store.ReadAuditAsync(CancellationToken.None)).Any(entry))
            {
                await committed.Task.WaitAsync(Patience);
            }

            return await store.ReadAuditAsync(CancellationToken.None);
        }
        finally
        {
            store.AuditCommitted -= OnCommitted;
        }
    }

    /// <summary>Until the incident timeline of <paramref name="poolId"/> shows what <paramref name="shows"/> expects.</summary>
    public static async Task TimelineAsync(IncidentTimeline timeline, Guid poolId, Func<IReadOnlyList<TimelineEntry>, bool> shows)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(Guid pool)
        {
            if (pool == poolId && shows(timeline.Of(poolId)))
            {
                changed.TrySetResult();
            }
        }

        timeline.Changed += OnChanged;
        try
        {
            if (!shows(timeline.Of(poolId)))
            {
                await changed.Task.WaitAsync(Patience);
            }
        }
        finally
        {
            timeline.Changed -= OnChanged;
        }
    }
}
