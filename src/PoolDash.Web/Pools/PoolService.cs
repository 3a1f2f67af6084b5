using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Heartbeats;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Persistence;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Pools;

/// <summary>
/// Brings pools in and hosts into them: from a description (API, file, the demo), by import, by join. Issues each
/// new host its heartbeat token, registers the pool with the event stream and wakes the liveness monitor.
/// </summary>
internal sealed class PoolService(
    PoolRegistry registry,
    HostTokens tokens,
    PoolEventStream stream,
    LivenessMonitor monitor,
    PoolStore store,
    TimeProvider time)
{
    /// <summary>The actor recorded for commands that come through the API before sign-in exists.</summary>
    public const string ApiActor = "api";

    /// <summary>Creates the pool and stores it before answering, so a pool whose tokens were handed out survives a restart.</summary>
    public async Task<CreatedPool> CreateAsync(PoolDescription description, CancellationToken cancellationToken)
    {
        if (registry.Find(description.Id) is not null)
        {
            return CreatedPool.Refused([new DescriptionProblem("id", $"A pool with id {description.Id} already exists.")]);
        }

        var creation = Pool.Create(description, time);
        if (!creation.Succeeded)
        {
            return CreatedPool.Refused(creation.Problems);
        }

        var pool = creation.Pool!;
        var issued = description.Hosts
            .Where(h => !description.ForgottenHostIds.Contains(h.Id))
            .Select(h => new IssuedToken(h.Id, h.Name, tokens.Issue(pool.Id, h.Id)))
            .ToList();
        foreach (var forgotten in description.ForgottenHostIds)
        {
            // A forgotten id keeps a credential nobody has, so its heartbeats are HOST_UNKNOWN_TO_MASTER, not 401.
            tokens.Issue(pool.Id, forgotten);
        }

        Add(pool);
        await store.SaveAsync(pool, cancellationToken).ConfigureAwait(false);
        return new CreatedPool(pool, issued, []);
    }

    /// <summary>A pool restored from the store, with the token hashes it had.</summary>
    public Pool Restore(PoolDescription description, IReadOnlyDictionary<Guid, byte[]> tokenHashes)
    {
        var creation = Pool.Create(description, time);
        if (!creation.Succeeded)
        {
            throw new InvalidOperationException($"Stored pool {description.Id} is inconsistent: {string.Join("; ", creation.Problems)}");
        }

        foreach (var (hostId, hash) in tokenHashes)
        {
            tokens.Restore(description.Id, hostId, hash);
        }

        Add(creation.Pool!);
        return creation.Pool!;
    }

    public async Task<JoinedHost> JoinAsync(Guid poolId, JoinHost command, string actor, CancellationToken cancellationToken)
    {
        if (registry.Find(poolId) is not { } pool)
        {
            return new JoinedHost(null, Xapi.UuidInvalid("pool", poolId));
        }

        var result = pool.Execute(command, actor);
        stream.Publish(result.Events);
        if (result.Outcome != CommandOutcome.Performed)
        {
            return new JoinedHost(null, result.Error ?? Xapi.JoiningHostAlreadyInPool(command.HostId));
        }

        var token = tokens.Issue(pool.Id, command.HostId);
        await store.SaveAsync(pool, cancellationToken).ConfigureAwait(false);
        monitor.Wake();
        return new JoinedHost(token, null);
    }

    /// <summary>New tokens for every host of a pool that is still in it (the demo pool after a restart).</summary>
    public async Task<IReadOnlyList<(Guid HostId, string Token)>> ReissueTokensAsync(Guid poolId, CancellationToken cancellationToken)
    {
        var pool = registry.Find(poolId) ?? throw new InvalidOperationException($"No pool {poolId}.");
        IReadOnlyList<(Guid, string)> issued = [.. pool.Snapshot().Hosts.Select(h => (h.Id, tokens.Issue(poolId, h.Id)))];
        await store.SaveAsync(pool, cancellationToken).ConfigureAwait(false);
        return issued;
    }

    private void Add(Pool pool)
    {
        stream.Track(pool.Id, pool.Snapshot().Sequence);
        if (!registry.TryAdd(pool))
        {
            stream.Untrack(pool.Id);
            throw new InvalidOperationException($"Pool {pool.Id} was added twice.");
        }

        monitor.Wake();
    }
}
