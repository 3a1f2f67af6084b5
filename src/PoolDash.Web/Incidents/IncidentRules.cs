using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Snapshots;

namespace PoolDash.Web.Incidents;

/// <summary>
/// One incident per cause: a host's liveness opens it (Suspect, Isolated, Dead; the pool master Dead is "master lost"),
/// moves its severity while the cause lasts, and resolves it when the host is heard again or forgotten. A host that
/// dies is one incident listing its VMs, never one per VM. An HA restart that found no room is an incident of its own.
/// </summary>
internal static class IncidentRules
{
    /// <summary>What <paramref name="e"/> does to the incidents of its pool, given the open one for its host.</summary>
    public static IncidentChange? Decide(PoolEvent e, PoolSnapshot pool, IncidentRecord? open) => e switch
    {
        HostLivenessChanged { To: Liveness.Alive } c when open is not null => IncidentChange.Resolve($"{NameOf(pool, c.HostId)} is alive again ({c.Reason})"),
        HostLivenessChanged { To: Liveness.Suspect or Liveness.Isolated or Liveness.Dead } c => Raise(c, pool, open),
        HostForgotten when open is not null => IncidentChange.Resolve($"{open.Subject} was forgotten"),
        HaRestartFailed r => IncidentChange.Open(null, NameOf(pool, r.VmId), IncidentSeverity.HaRestartFailed, $"HA could not restart {NameOf(pool, r.VmId)}: {r.Reason}",
            NameOf(pool, r.VmId)),
        _ => null,
    };

    /// <summary>The host an event is about (the key of its open incident), or null.</summary>
    public static Guid? HostOf(PoolEvent e) => e switch
    {
        HostLivenessChanged c => c.HostId,
        HostForgotten f => f.HostId,
        _ => null,
    };

    private static IncidentChange? Raise(HostLivenessChanged c, PoolSnapshot pool, IncidentRecord? open)
    {
        var host = pool.Hosts.FirstOrDefault(h => h.Id == c.HostId);
        var name = host?.Name ?? c.HostId.ToString();
        var severity = c.To switch
        {
            Liveness.Dead when pool.MasterId == c.HostId => IncidentSeverity.MasterLost,
            Liveness.Dead => IncidentSeverity.Dead,
            Liveness.Isolated => IncidentSeverity.Isolated,
            _ => IncidentSeverity.Suspect,
        };
        var vms = string.Join(", ", pool.Vms.Where(v => v.ResidentOn == c.HostId && !v.IsControlDomain).Select(v => v.Name));
        var summary = severity switch
        {
            IncidentSeverity.MasterLost => $"{name}, the pool master, is dead ({c.Reason}); the members wait for it",
            IncidentSeverity.Dead => $"{name} is dead ({c.Reason})",
            IncidentSeverity.Isolated => $"{name} is isolated, not dead ({c.Reason})",
            _ => $"{name} is suspect ({c.Reason})",
        };
        if (open is not null && open.Severity == severity)
        {
            return null;
        }

        return open is null ? IncidentChange.Open(c.HostId, name, severity, summary, vms) : IncidentChange.Update(severity, summary, vms);
    }

    private static string NameOf(PoolSnapshot pool, Guid id) =>
        pool.Hosts.FirstOrDefault(h => h.Id == id)?.Name ?? pool.Vms.FirstOrDefault(v => v.Id == id)?.Name ?? id.ToString();
}

internal enum IncidentChangeKind
{
    Open,
    Update,
    Resolve,
}

internal sealed record IncidentChange(IncidentChangeKind Kind, Guid? HostId, string Subject, string? Severity, string Summary, string VmsAffected)
{
    public static IncidentChange Open(Guid? hostId, string subject, string severity, string summary, string vms) =>
        new(IncidentChangeKind.Open, hostId, subject, severity, summary, vms);

    public static IncidentChange Update(string severity, string summary, string vms) => new(IncidentChangeKind.Update, null, "", severity, summary, vms);

    public static IncidentChange Resolve(string summary) => new(IncidentChangeKind.Resolve, null, "", null, summary, "");
}
