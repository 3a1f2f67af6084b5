using System.Collections.Concurrent;
using PoolDash.Web.Incidents;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Components.WallScreen;

/// <summary>
/// The wall's pools, shared by every open wall: a pool is read again only when it changed (its event sequence, or its
/// incidents, approvals or viewers), so twenty walls of fifty pools redraw the one that changed, not a thousand.
/// </summary>
internal sealed class WallBoard : IDisposable
{
    private readonly PoolRegistry _registry;
    private readonly IncidentBook _incidents;
    private readonly ApprovalBook _approvals;
    private readonly PresenceTracker _presence;
    private readonly TimeProvider _time;
    private readonly XapiPools.XapiConnections _connections;
    private readonly ConcurrentDictionary<Guid, long?> _xapiHa = new();
    private readonly ConcurrentDictionary<Guid, long> _versions = new();
    private readonly ConcurrentDictionary<Guid, (long Sequence, long Version, WallPool Pool)> _read = new();

    public WallBoard(PoolRegistry registry, IncidentBook incidents, ApprovalBook approvals, PresenceTracker presence, TimeProvider time,
        XapiPools.XapiConnections connections)
    {
        (_registry, _incidents, _approvals, _presence, _time, _connections) = (registry, incidents, approvals, presence, time, connections);
        _incidents.Changed += Touch;
        _approvals.Changed += Touch;
        _presence.Changed += Touch;
        _connections.StatusChanged += OnStatusChanged;
    }

    /// <summary>Every pool, worst trouble first, then by name.</summary>
    public IReadOnlyList<WallPool> Pools()
    {
        var pools = new List<WallPool>();
        var now = _time.GetUtcNow();
        foreach (var pool in _registry.ByName)
        {
            // The version is read before the pool: a change that lands while it is read is read again next time.
            var version = _versions.GetValueOrDefault(pool.Id);
            var sequence = pool.Sequence;
            if (!_read.TryGetValue(pool.Id, out var read) || read.Sequence != sequence || read.Version != version || now >= read.Pool.ValidUntil)
            {
                read = (sequence, version, WallPool.Of(pool, _incidents.List(pool.Id, null), _approvals.Pending(pool.Id, now), _presence.Viewers(pool.Id),
                    _connections.StatusOf(pool.Id)?.XapiHaTolerates));
                _read[pool.Id] = read;
            }

            pools.Add(read.Pool);
        }

        return [.. pools.OrderBy(p => p.Trouble)];
    }

    public void Dispose()
    {
        _incidents.Changed -= Touch;
        _approvals.Changed -= Touch;
        _presence.Changed -= Touch;
        _connections.StatusChanged -= OnStatusChanged;
    }

    // A connected pool's status changes at every probe round; the wall only cares when XAPI's HA figure does.
    private void OnStatusChanged(Guid poolId)
    {
        var figure = _connections.StatusOf(poolId)?.XapiHaTolerates;
        if (_xapiHa.GetValueOrDefault(poolId) != figure)
        {
            _xapiHa[poolId] = figure;
            Touch(poolId);
        }
    }

    /// <summary>A pool's incidents, approvals or viewers changed (after the board knows it must read them again).</summary>
    public event Action<Guid>? Changed;

    private void Touch(Guid poolId)
    {
        _versions.AddOrUpdate(poolId, 1, (_, v) => v + 1);
        Changed?.Invoke(poolId);
    }
}
