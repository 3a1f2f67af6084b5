using System.Threading.Channels;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// Loads the steps a connected pool had not shown when PoolDash last stopped, and each time a connected pool is read
/// (or probed) lets the recovery service decide, from the pool's state, the steps nobody waits on any more.
/// </summary>
internal sealed class XapiStepWatcher(XapiConnections connections, XapiSteps steps, RecoveryService recovery, ILogger<XapiStepWatcher> logger)
    : BackgroundService
{
    private readonly Channel<Guid> _read = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        connections.StatusChanged += OnStatusChanged;
        try
        {
            // Once now, for a pool read before they were loaded; then at each read or probe.
            foreach (var poolId in await steps.LoadAsync(stoppingToken).ConfigureAwait(false))
            {
                _read.Writer.TryWrite(poolId);
            }

            await foreach (var poolId in _read.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await recovery.ReconsiderAsync(poolId, connections.StatusOf(poolId)?.LastSynchronisedAt is not null).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not decide the open steps of pool {PoolId}; trying again at its next read", poolId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            connections.StatusChanged -= OnStatusChanged;
        }
    }

    private void OnStatusChanged(Guid poolId)
    {
        if (steps.Unattended(poolId).Count > 0)
        {
            _read.Writer.TryWrite(poolId);
        }
    }
}
