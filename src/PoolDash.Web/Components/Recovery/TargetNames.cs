using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;

namespace PoolDash.Web.Components.Recovery;

/// <summary>The name an operator types to confirm a command: the host's or the VM's, as the pages show it.</summary>
internal static class TargetNames
{
    public static string Of(PoolSnapshot pool, PoolCommand command) =>
        pool.Hosts.FirstOrDefault(h => h.Id == command.TargetId)?.Name
        ?? pool.Vms.FirstOrDefault(v => v.Id == command.TargetId)?.Name
        ?? pool.Name;
}
