using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Heartbeats;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Persistence;
using PoolDash.Web.Realtime;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Pools;

/// <summary>
/// Brings pools in and hosts into them: from a description (API, file, the demo), by import, by join. Issues each
/// new host its heartbeat token, makes the event stream the pool's sink and wakes the liveness monitor.
/// </summary>
internal sealed class PoolService(
    PoolRegistry registry,
    HostTokens tokens,
    PoolEventStream stream,
    LivenessMonitor monitor,
    PoolStore store,
    RecoveryService recovery,
    TimeProvider time)
{
    /// <summary>PoolDash itself, bringing in pools from files and the demo at start.</summary>
    public static readonly Operator System = new(AuditDrafts.System, Role.PoolAdmin);

    /// <summary>Creates the pool and stores it, with the audit entry that records who brought it in, before answering,
    /// so a pool whose tokens were handed out survives a restart. A refusal (role, a bad or duplicate description) is
    /// an audit entry too.</summary>
    public async Task<CreatedPool> CreateAsync(PoolDescription description, Operator who, string origin, CancellationToken cancellationToken)
    {
        if (await recovery.RoleGateAsync(description.Id, Operations.PoolCreate, description.Id, who, origin).ConfigureAwait(false) is { } denied)
        {
            return CreatedPool.Denied(denied);
        }

        if (registry.Find(description.Id) is not null)
        {
            return await RefusedAsync(description, who, origin, [new DescriptionProblem("id", $"A pool with id {description.Id} already exists.")], alreadyExists: true)
                .ConfigureAwait(false);
        }

        var creation = Pool.Create(description, time, stream);
        if (!creation.Succeeded)
        {
            return await RefusedAsync(description, who, origin, creation.Problems, alreadyExists: false).ConfigureAwait(false);
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
        // Added: the pool is PoolDash's now, so it is stored whatever becomes of the caller.
        await store.SaveAsync(pool, CancellationToken.None,
            new AuditDraft(time.GetUtcNow(), who.Name, origin, pool.Id, pool.Id, Operations.PoolCreate, AuditOutcomes.Performed,
                $"{pool.Name}: {description.Hosts.Count} hosts, {description.Vms.Count} VMs")).ConfigureAwait(false);
        return new CreatedPool(pool, issued, [], null);
    }

    private async Task<CreatedPool> RefusedAsync(PoolDescription description, Operator who, string origin, IReadOnlyList<DescriptionProblem> problems, bool alreadyExists)
    {
        var error = alreadyExists ? Xapi.PoolAlreadyExists(description.Id) : Xapi.InvalidPoolDescription(problems.Count);
        await recovery.RecordRefusalAsync(Recovery.Gate.Request, error, description.Id, Operations.PoolCreate, description.Id, who.Name, origin).ConfigureAwait(false);
        return CreatedPool.Refused(problems, error);
    }

    /// <summary>A pool restored from the store, with the token hashes it had.</summary>
    public Pool Restore(PoolDescription description, IReadOnlyDictionary<Guid, byte[]> tokenHashes)
    {
        var creation = Pool.Create(description, time, stream);
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

    /// <summary>A new host joins through the same gates as every step; its token is issued once the pool took it,
    /// and stored (as a hash) with it.</summary>
    public async Task<JoinedHost> JoinAsync(Guid poolId, JoinHost command, Operator who, string origin, CancellationToken cancellationToken)
    {
        string? token = null;
        var outcome = await recovery.RequestAsync(poolId, command, null, who, origin, cancellationToken,
            whenPerformed: () => token = tokens.Issue(poolId, command.HostId)).ConfigureAwait(false);
        return outcome.Status switch
        {
            OperationStatus.Performed => new JoinedHost(token, null),
            OperationStatus.AlreadyDone => new JoinedHost(null, Xapi.JoiningHostAlreadyInPool(command.HostId)),
            _ => new JoinedHost(null, outcome.Error),
        };
    }

    /// <summary>A new heartbeat token for one host's agent, answered once: a Pool Admin's act through the audited role
    /// gate; the old token stops working at once, and the new hash is stored with the pool before this answers.</summary>
    public async Task<(IssuedToken? Issued, XapiError? Refusal)> IssueAgentTokenAsync(Guid poolId, Guid hostId, Operator who, string origin)
    {
        if (registry.Find(poolId) is not { } pool)
        {
            return (null, Xapi.UuidInvalid("pool", poolId));
        }

        if (await recovery.RoleGateAsync(poolId, Operations.HostTokenIssue, hostId, who, origin).ConfigureAwait(false) is { } denied)
        {
            return (null, denied);
        }

        if (pool.Snapshot().Hosts.FirstOrDefault(h => h.Id == hostId) is not { } host)
        {
            return (null, Xapi.UuidInvalid("host", hostId));
        }

        var token = tokens.Issue(poolId, hostId);
        await store.SaveAsync(pool, CancellationToken.None,
            new AuditDraft(time.GetUtcNow(), who.Name, origin, poolId, hostId, Operations.HostTokenIssue, AuditOutcomes.Performed,
                $"{host.Name}: a new agent token; the previous one no longer works")).ConfigureAwait(false);
        return (new IssuedToken(hostId, host.Name, token), null);
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
        if (!registry.TryAdd(pool))
        {
            throw new InvalidOperationException($"Pool {pool.Id} was added twice.");
        }

        monitor.Wake(pool.Id);
    }
}
