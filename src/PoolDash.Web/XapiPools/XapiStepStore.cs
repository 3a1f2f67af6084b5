using Microsoft.EntityFrameworkCore;
using PoolDash.Web.Persistence;

namespace PoolDash.Web.XapiPools;

/// <summary>The steps sent to connected pools, as stored.</summary>
internal sealed class XapiStepStore(DbContextOptions<PoolDashDb> options)
{
    public async Task AddAsync(XapiStepRecord record, CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            db.XapiSteps.Add(record);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SetStatusAsync(Guid id, string status, CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            await db.XapiSteps.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Steps whose effect the pool has not shown yet: sent (and PoolDash stopped meanwhile), or not seen in time.</summary>
    public async Task<IReadOnlyList<XapiStepRecord>> LoadOpenAsync(CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            return await db.XapiSteps.AsNoTracking().Where(s => s.Status == XapiStepRecord.Sent || s.Status == XapiStepRecord.NotSeen)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
