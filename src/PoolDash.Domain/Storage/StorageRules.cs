namespace PoolDash.Domain.Storage;

/// <summary>The storage rules that the model and the description validator both apply.</summary>
public static class StorageRules
{
    /// <summary>A host reaches a shared SR, and a local SR only when it is that SR's own host.</summary>
    public static bool CanReach(bool srShared, Guid? srOwnerHostId, Guid hostId) => srShared || srOwnerHostId == hostId;

    /// <summary>The key a host holds on a disk after attaching it in <paramref name="wanted"/> mode: RW, once held, wins.</summary>
    public static AttachMode Attach(AttachMode? held, AttachMode wanted) => held == AttachMode.RW ? AttachMode.RW : wanted;

    /// <summary>HA's statefile needs a shared SR (otherwise XAPI answers CANNOT_CREATE_STATE_FILE).</summary>
    public static bool CanHoldHaStatefile(IEnumerable<bool> srsShared) => srsShared.Any(shared => shared);
}
