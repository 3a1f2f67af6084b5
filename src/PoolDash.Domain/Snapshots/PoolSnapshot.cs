using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Snapshots;

/// <summary>A consistent read of a whole pool at one sequence number.</summary>
public sealed record PoolSnapshot(
    Guid Id,
    string Name,
    long Sequence,
    DateTimeOffset At,
    Guid MasterId,
    bool MasterIsLive,
    bool HaEnabled,
    TimeSpan LivenessTimeout,
    TimeSpan HaTimeout,
    bool TwoPersonRule,
    Guid? DefaultSrId,
    bool DefaultSrValid,
    IReadOnlyList<HostView> Hosts,
    IReadOnlyList<VmView> Vms,
    IReadOnlyList<SrView> Srs,
    IReadOnlyList<VdiView> Vdis,
    IReadOnlyList<Guid> ForgottenHostIds,
    IReadOnlyList<MaintenanceWindow> Maintenance)
{
    /// <summary>Live members that still point at a master other than the pool's (or at a dead one).</summary>
    public IEnumerable<HostView> WaitingMembers => Hosts.Where(h => h.WaitingForMaster);
}
