using System.Collections.Concurrent;

namespace PoolDash.Web.Realtime;

/// <summary>Who has a pool's pages open right now (one entry per open page), so a team at a shared screen sees who
/// else is looking and may act.</summary>
internal sealed class PresenceTracker
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, string>> _viewers = new();

    public event Action<Guid>? Changed;

    /// <summary>Marks <paramref name="user"/> as looking at the pool until the returned handle is disposed.</summary>
    public IDisposable Enter(Guid poolId, string user)
    {
        var key = Guid.NewGuid();
        _viewers.GetOrAdd(poolId, _ => new())[key] = user;
        Changed?.Invoke(poolId);
        return new Visit(this, poolId, key);
    }

    /// <summary>The distinct users looking at the pool, by name.</summary>
    public IReadOnlyList<string> Viewers(Guid poolId) =>
        _viewers.TryGetValue(poolId, out var viewers)
            ? [.. viewers.Values.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)]
            : [];

    private void Leave(Guid poolId, Guid key)
    {
        if (_viewers.TryGetValue(poolId, out var viewers) && viewers.TryRemove(key, out _))
        {
            Changed?.Invoke(poolId);
        }
    }

    private sealed class Visit(PresenceTracker tracker, Guid poolId, Guid key) : IDisposable
    {
        public void Dispose() => tracker.Leave(poolId, key);
    }
}
