using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Snapshots;

internal static class SnapshotBuilder
{
    public static PoolSnapshot Build(PoolState s, long nowTicks)
    {
        var masterLive = s.MasterIsLive;
        var hosts = s.Hosts.Values
            .OrderByDescending(h => h.Id == s.MasterId)
            .ThenBy(h => h.Name, StringComparer.Ordinal)
            .Select(h => View(s, h, nowTicks, masterLive))
            .ToList();
        return new PoolSnapshot(
            s.Id,
            s.Name,
            s.Sequence,
            new DateTimeOffset(nowTicks, TimeSpan.Zero),
            s.MasterId,
            masterLive,
            s.HaEnabled,
            s.LivenessTimeout,
            s.HaTimeout,
            s.TwoPersonRule,
            s.DefaultSrId,
            DefaultSrValid(s),
            hosts,
            [.. s.Vms.Values.OrderBy(v => v.Name, StringComparer.Ordinal).Select(v => new VmView(
                v.Id, v.Name, v.PowerState, v.ResidentOn, v.MemoryMiB, v.HaPriority, v.IsControlDomain, [.. v.Disks], v.DisplacedFrom))],
            [.. s.Srs.Values.OrderBy(sr => sr.Name, StringComparer.Ordinal).Select(sr => new SrView(
                sr.Id, sr.Name, sr.Shared, sr.OwnerHostId, sr.SrMaster(s.MasterId)))],
            [.. s.Vdis.Values.OrderBy(v => v.Name, StringComparer.Ordinal).Select(v => new VdiView(
                v.Id, v.Name, v.SrId, new Dictionary<Guid, AttachMode>(v.AttachKeys), v.PausedBy, v.ActivatingBy))],
            [.. s.ForgottenHostIds],
            [.. s.Maintenance.Where(w => w.EndsAt.UtcTicks > nowTicks).OrderBy(w => w.EndsAt)]);
    }

    private static HostView View(PoolState s, HostState h, long nowTicks, bool masterLive)
    {
        var isMaster = h.Id == s.MasterId;
        DateTimeOffset? verdictAt = h.IsLive
            ? new DateTimeOffset(h.DeadAtTicks(s.TimeoutTicks), TimeSpan.Zero)
            : null;
        return new HostView(
            h.Id,
            h.Name,
            h.Address,
            h.Role,
            isMaster,
            h.Following,
            WaitingForMaster: !isMaster && h.IsLive && (h.Following != s.MasterId || !masterLive),
            h.Liveness,
            At(h.LastHeartbeatTicks),
            verdictAt,
            h.IsLive ? h.Phi(nowTicks) : 0,
            h.MemoryTotalMiB,
            s.FreeMemoryMiB(h),
            h.WasPoolMasterWhenDied,
            At(h.AgentTicks),
            At(h.ProbeTicks),
            h.MasterView,
            At(h.MasterViewAtTicks),
            At(h.MasterSawLiveTicks),
            h.IsSeen ? Errors.Xapi.SeenBy(h) : null,
            h.Attestation,
            h.InMaintenance(nowTicks) ? At(h.MaintenanceUntilTicks) : null);
    }

    private static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    /// <summary>After a transition the guide says to check the default SR: it must exist and not be local to a host
    /// that is not live.</summary>
    private static bool DefaultSrValid(PoolState s) =>
        s.DefaultSrId is { } id
        && s.Srs.TryGetValue(id, out var sr)
        && (sr.Shared || (sr.OwnerHostId is { } owner && s.Hosts.TryGetValue(owner, out var host) && host.IsLive));
}
