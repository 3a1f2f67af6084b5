namespace PoolDash.Web.Pools;

public sealed record JoinHostRequest(Guid HostId, string Name, string? Address, long MemoryMiB);
