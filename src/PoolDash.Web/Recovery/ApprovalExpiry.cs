namespace PoolDash.Web.Recovery;

/// <summary>Records two-person requests whose time ran out as expired, within seconds, so pages and the audit trail
/// say so. (An approval arriving late is refused whether or not this has run yet.)</summary>
internal sealed class ApprovalExpiry(RecoveryService recovery, TimeProvider time, ILogger<ApprovalExpiry> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await recovery.ExpireLapsedAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not record expired two-person requests; will try again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
