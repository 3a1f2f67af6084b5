namespace PoolDash.Domain.Storage;

internal sealed class SrState
{
    public SrState(Guid id, string name, bool shared, Guid? ownerHostId)
    {
        Id = id;
        Name = name;
        Shared = shared;
        OwnerHostId = ownerHostId;
    }

    public Guid Id { get; }

    public string Name { get; }

    public bool Shared { get; }

    /// <summary>The host whose local storage this is; null for a shared SR.</summary>
    public Guid? OwnerHostId { get; }

    /// <summary>The SR master (guide): the pool master for a shared SR, the owning host for a local one.</summary>
    public Guid? SrMaster(Guid? poolMaster) => Shared ? poolMaster : OwnerHostId;
}
