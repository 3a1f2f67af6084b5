using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Recovery;

/// <summary>
/// Runs an operator's command on its pool: the domain serializes it and re-checks its preconditions now; the
/// events go to the one stream (pages, hub, store). A repeat of what already happened is answered with who did it.
/// </summary>
internal sealed class RecoveryService(PoolRegistry registry, PoolEventStream stream, LivenessMonitor monitor, PoolStore store, TimeProvider time)
{
    /// <summary>Runs the command; a performed one is stored before this returns, so what an operator was told is
    /// done survives a crash of PoolDash.</summary>
    public async Task<CommandResult> RunAsync(Guid poolId, PoolCommand command, string actor, string origin, CancellationToken cancellationToken)
    {
        if (registry.Find(poolId) is not { } pool)
        {
            var unknown = new CommandResult(CommandOutcome.Refused, [], Xapi.UuidInvalid("pool", poolId), null);
            await store.AppendAuditAsync([AuditDrafts.Attempt(time.GetUtcNow(), actor, origin, poolId, command, unknown)], cancellationToken).ConfigureAwait(false);
            return unknown;
        }

        var result = pool.Execute(command, actor);
        var audit = AuditDrafts.Attempt(time.GetUtcNow(), actor, origin, poolId, command, result);
        if (result.Outcome == CommandOutcome.Performed)
        {
            // The new state and the entry that records it commit together.
            await store.SaveAsync(pool, cancellationToken, audit).ConfigureAwait(false);
        }
        else
        {
            await store.AppendAuditAsync([audit], cancellationToken).ConfigureAwait(false);
        }

        stream.Publish(result.Events);
        if (result.Outcome == CommandOutcome.Performed)
        {
            // A join or a revival moves deadlines; the monitor re-plans its sleep.
            monitor.Wake();
        }

        return result;
    }
}
