using Microsoft.AspNetCore.Components.Server.Circuits;

namespace PoolDash.Web.Metrics;

/// <summary>Counts the pages' circuits as they open and close.</summary>
internal sealed class CircuitCounter(PoolDashMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.Circuit(+1);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.Circuit(-1);
        return Task.CompletedTask;
    }
}
