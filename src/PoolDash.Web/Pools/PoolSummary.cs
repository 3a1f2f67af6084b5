using PoolDash.Domain.Snapshots;
using LivenessState = PoolDash.Domain.Pools.Liveness;

namespace PoolDash.Web.Pools;

/// <summary>One line per pool, for the pool list and wallboards.</summary>
public sealed record PoolSummary(
    Guid Id,
    string Name,
    long Sequence,
    Guid MasterId,
    string MasterName,
    bool MasterIsLive,
    bool HaEnabled,
    int Alive,
    int Suspect,
    int Dead,
    int Isolated,
    int Vms,
    int InMaintenance)
{
    public static PoolSummary Of(PoolSnapshot s) => new(
        s.Id,
        s.Name,
        s.Sequence,
        s.MasterId,
        s.Hosts.FirstOrDefault(h => h.Id == s.MasterId)?.Name ?? "",
        s.MasterIsLive,
        s.HaEnabled,
        s.Hosts.Count(h => h.Liveness == LivenessState.Alive),
        s.Hosts.Count(h => h.Liveness == LivenessState.Suspect),
        s.Hosts.Count(h => h.Liveness == LivenessState.Dead),
        s.Hosts.Count(h => h.Liveness == LivenessState.Isolated),
        // User VMs, as an operator counts them: a connected pool's control domains are records too.
        s.Vms.Count(v => !v.IsControlDomain),
        s.Hosts.Count(h => h.InMaintenanceUntil is not null));
}
