using PoolDash.Web.Realtime;

namespace PoolDash.Web.Incidents;

/// <summary>Loads the incidents at start, then follows every pool event into them, in order.</summary>
internal sealed class IncidentTracker(PoolEventStream stream, IncidentBook book, ILogger<IncidentTracker> logger) : BackgroundService
{
    private readonly PoolEventStream.Subscription _subscription = stream.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await book.LoadAsync(stoppingToken).ConfigureAwait(false);
        await foreach (var e in _subscription.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await book.TrackAsync(e).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not record what {Event} #{Sequence} of pool {PoolId} does to its incidents", e.GetType().Name, e.Sequence, e.PoolId);
            }
        }
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }
}
