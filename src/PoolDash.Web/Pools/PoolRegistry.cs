using System.Collections.Concurrent;
using PoolDash.Domain.Pools;

namespace PoolDash.Web.Pools;

/// <summary>The pools this PoolDash watches, by id. Each pool is its own source of truth and its own lock.</summary>
internal sealed class PoolRegistry
{
    private readonly ConcurrentDictionary<Guid, Pool> _pools = new();

    public IEnumerable<Pool> All => _pools.Values.OrderBy(p => p.Name, StringComparer.Ordinal);

    public Pool? Find(Guid id) => _pools.GetValueOrDefault(id);

    public bool TryAdd(Pool pool) => _pools.TryAdd(pool.Id, pool);
}
