using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>
/// An operator's command on one pool. Each checks its preconditions in XAPI's order and applies its effect through
/// the pool's state; <see cref="IsSatisfied"/> lets a repeat of an applied command be answered with what happened.
/// </summary>
public abstract record PoolCommand
{
    public abstract string Operation { get; }

    /// <summary>The object the command acts on (host, VM or SR).</summary>
    public abstract Guid TargetId { get; }

    public OperationInfo Info => Operations.Get(Operation);

    /// <summary>What the audit trail records beside the operation and its target (null: nothing more).</summary>
    public virtual string? Details => null;

    /// <summary>Everything but the emergency calls is run by the pool master, so needs one that is live.</summary>
    internal virtual bool NeedsLiveMaster => true;

    internal abstract XapiError? Check(PoolState pool);

    /// <summary>Every precondition, in order: a live master first (unless an emergency call), then the command's own.</summary>
    internal XapiError? Preconditions(PoolState pool) =>
        NeedsLiveMaster && !pool.MasterIsLive ? Xapi.MasterOffline(pool.Master) : Check(pool);

    internal abstract void Apply(PoolState pool);

    internal abstract bool IsSatisfied(PoolState pool);

    /// <summary>Whether a connected pool's mirrored state shows this command's effect: what "done" means once XAPI
    /// carried it out (PoolDash's own judgements, such as liveness, are not the pool's to show).</summary>
    internal virtual bool ShownBy(PoolState pool) => IsSatisfied(pool);

    /// <summary>What PoolDash itself records once the pool has carried the command out and shows it (nothing, for
    /// most: the pool's own state came in through the mirror).</summary>
    internal virtual void ApplyConfirmed(PoolState pool)
    {
    }

    private protected static XapiError? FindHost(PoolState pool, Guid id, out HostState host)
    {
        if (pool.Hosts.TryGetValue(id, out var found))
        {
            host = found;
            return null;
        }

        host = null!;
        return Xapi.UuidInvalid("host", id);
    }

    private protected static XapiError? FindVm(PoolState pool, Guid id, out Vms.VmState vm)
    {
        if (pool.Vms.TryGetValue(id, out var found))
        {
            vm = found;
            return null;
        }

        vm = null!;
        return Xapi.UuidInvalid("VM", id);
    }
}
