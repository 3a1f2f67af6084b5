using Microsoft.EntityFrameworkCore;
using PoolDash.Web.Persistence;

namespace PoolDash.Web.XapiPools;

/// <summary>The connected pools' access, as stored (the password protected).</summary>
internal sealed class XapiConnectionStore(DbContextOptions<PoolDashDb> options)
{
    public async Task SaveAsync(XapiConnectionRecord record, CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            db.XapiConnections.Add(record);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<XapiConnectionRecord>> LoadAsync(CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            return await db.XapiConnections.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
