using System.Collections.Concurrent;

namespace PoolDash.Web.XapiPools;

/// <summary>The follower of each connected pool, and the one signal that a connected pool was read or probed.</summary>
internal sealed class XapiFollowers(TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, XapiFollower> _followers = new();

    /// <summary>A connected pool's status changed: read again, or not answering (pages show it).</summary>
    public event Action<Guid>? StatusChanged;

    /// <summary>The follower of a connected pool (null for a pool not connected, or not followed since its stored
    /// password could not be read).</summary>
    public XapiFollower? Find(Guid poolId) => _followers.GetValueOrDefault(poolId);

    public bool TryAdd(Guid poolId, XapiFollower follower) => _followers.TryAdd(poolId, follower);

    public void Changed(Guid poolId) => StatusChanged?.Invoke(poolId);

    /// <summary>
    /// Until <paramref name="shown"/> holds for the pool (checked now and at each change of the pool's mirror or status)
    /// or <paramref name="within"/> has passed on PoolDash's clock. Answers whether it holds.
    /// </summary>
    public async Task<bool> WaitUntilAsync(Guid poolId, Func<bool> shown, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(Guid id)
        {
            if (id == poolId)
            {
                changed.TrySetResult();
            }
        }

        using var expiry = new CancellationTokenSource(within, time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, cancellationToken);
        var over = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = both.Token.Register(() => over.TrySetResult());
        StatusChanged += OnChanged;
        try
        {
            while (!shown())
            {
                var next = changed.Task;
                await Task.WhenAny(next, over.Task).ConfigureAwait(false);
                if (both.IsCancellationRequested)
                {
                    return shown();
                }

                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return true;
        }
        finally
        {
            StatusChanged -= OnChanged;
        }
    }

    public void Dispose()
    {
        foreach (var follower in _followers.Values)
        {
            follower.Dispose();
        }
    }
}
