using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Snapshots;

/// <param name="VerdictAt">When the host will be declared dead if it stays silent (null once dead).</param>
/// <param name="Phi">The current phi-accrual suspicion; 0 until the host has shown a rhythm.</param>
/// <param name="LastAgentHeartbeat">The last heartbeat from PoolDash's agent on the host (null: none since PoolDash started).</param>
/// <param name="LastProbeAnswer">The last time the host's own XAPI answered PoolDash's probe.</param>
/// <param name="MasterView">What the pool master says of the host (Unknown for a pool not connected through XAPI).</param>
/// <param name="MasterViewAt">When the master's view was last heard (older than now while the master is not heard).</param>
/// <param name="MasterSawLiveAt">The last time the master reported the host live.</param>
/// <param name="SeenBy">Which channels still see the host, in words (null when none does): why destructive steps wait.</param>
/// <param name="Attestation">A person's word that the host is off, until it is heard again.</param>
/// <param name="InMaintenanceUntil">The end of the maintenance window the host is in now (null: none).</param>
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
    bool WasPoolMasterWhenDied,
    DateTimeOffset? LastAgentHeartbeat,
    DateTimeOffset? LastProbeAnswer,
    MasterView MasterView,
    DateTimeOffset? MasterViewAt,
    DateTimeOffset? MasterSawLiveAt,
    string? SeenBy,
    HostAttestation? Attestation,
    DateTimeOffset? InMaintenanceUntil);
