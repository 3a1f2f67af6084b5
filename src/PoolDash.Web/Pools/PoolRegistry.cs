using System.Collections.Concurrent;
using PoolDash.Domain.Pools;

namespace PoolDash.Web.Pools;

/// <summary>The pools this PoolDash watches, by id. Each pool is its own source of truth and its own lock.</summary>
internal sealed class PoolRegistry
{
    private readonly ConcurrentDictionary<Guid, Pool> _pools = new();

    /// <summary>Every pool, in no order: for work that visits each pool (sweeps, flushes), which must not pay for a sort.</summary>
    public ICollection<Pool> All => _pools.Values;

    /// <summary>Every pool by name, for people (pages, the list API).</summary>
    public IEnumerable<Pool> ByName => _pools.Values.OrderBy(p => p.Name, StringComparer.Ordinal);

    public Pool? Find(Guid id) => _pools.GetValueOrDefault(id);

    public bool TryAdd(Pool pool) => _pools.TryAdd(pool.Id, pool);
}
