using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Snapshots;

/// <param name="VerdictAt">When the host will be declared dead if it stays silent (null once dead).</param>
/// <param name="Phi">The current phi-accrual suspicion; 0 until the host has shown a rhythm.</param>
public sealed record HostView(
    Guid Id,
    string Name,
    string Address,
    HostRole Role,
    bool IsPoolMaster,
    Guid? Following,
    bool WaitingForMaster,
    Liveness Liveness,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset? VerdictAt,
    double Phi,
    long MemoryTotalMiB,
    long MemoryFreeMiB,
    bool WasPoolMasterWhenDied);
