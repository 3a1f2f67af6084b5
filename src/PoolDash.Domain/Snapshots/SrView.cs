namespace PoolDash.Domain.Snapshots;

public sealed record SrView(Guid Id, string Name, bool Shared, Guid? OwnerHostId, Guid? SrMasterId);
