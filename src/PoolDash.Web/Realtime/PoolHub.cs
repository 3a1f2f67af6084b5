using Microsoft.AspNetCore.SignalR;
using PoolDash.Domain.Snapshots;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Realtime;

/// <summary>
/// <c>/hubs/pool</c> for outside clients. <c>Subscribe(poolId)</c> answers the pool's snapshot with its sequence
/// number; events follow, each with the next sequence. The client is added to the pool's group before the snapshot
/// is taken, so it may see an event it already has in the snapshot (ignore sequence ≤ the snapshot's) but never
/// misses one; a gap means it should subscribe again.
/// </summary>
internal sealed class PoolHub(PoolRegistry registry, Metrics.PoolDashMetrics metrics) : Hub
{
    public const string Path = "/hubs/pool";

    public static string GroupOf(Guid poolId) => $"pool:{poolId}";

    public async Task<PoolSnapshot> Subscribe(Guid poolId)
    {
        if (registry.Find(poolId) is not { } pool)
        {
            throw new HubException($"UUID_INVALID: there is no pool with id {poolId}.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(poolId), Context.ConnectionAborted).ConfigureAwait(false);
        return pool.Snapshot();
    }

    public override Task OnConnectedAsync()
    {
        metrics.HubConnection(+1);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.HubConnection(-1);
        return base.OnDisconnectedAsync(exception);
    }

    public Task Unsubscribe(Guid poolId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(poolId), Context.ConnectionAborted);
}
