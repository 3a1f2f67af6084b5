using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Recovery;

/// <summary>
/// Runs an operator's command on its pool: the domain serializes it and re-checks its preconditions now; the
/// events go to the one stream (pages, hub, store). A repeat of what already happened is answered with who did it.
/// </summary>
internal sealed class RecoveryService(PoolRegistry registry, PoolEventStream stream, LivenessMonitor monitor)
{
    public CommandResult Run(Guid poolId, PoolCommand command, string actor)
    {
        if (registry.Find(poolId) is not { } pool)
        {
            var error = Xapi.UuidInvalid("pool", poolId);
            return new CommandResult(CommandOutcome.Refused, [], error, null);
        }

        var result = pool.Execute(command, actor);
        stream.Publish(result.Events);
        if (result.Outcome == CommandOutcome.Performed)
        {
            // A join or a revival moves deadlines; the monitor re-plans its sleep.
            monitor.Wake();
        }

        return result;
    }
}
