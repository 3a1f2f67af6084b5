using Microsoft.AspNetCore.SignalR;
using PoolDash.Domain.Events;

namespace PoolDash.Web.Realtime;

/// <summary>Forwards the event stream to the hub's subscribers of each pool, in order, one message per event.</summary>
internal sealed class HubBroadcaster(PoolEventStream stream, IHubContext<PoolHub> hub, ILogger<HubBroadcaster> logger) : BackgroundService
{
    private readonly PoolEventStream.Subscription _subscription = stream.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var e in _subscription.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var (method, message) = HubMessages.Of(e);
            try
            {
                await hub.Clients.Group(PoolHub.GroupOf(e.PoolId)).SendAsync(method, message, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed send loses one message for some clients; they see the gap in sequence and re-subscribe.
                logger.LogWarning(ex, "Could not send {Method} #{Sequence} of pool {PoolId}", method, e.Sequence, e.PoolId);
            }
        }
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }
}
