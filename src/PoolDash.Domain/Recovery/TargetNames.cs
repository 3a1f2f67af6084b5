using PoolDash.Domain.Snapshots;

namespace PoolDash.Domain.Recovery;

/// <summary>The name an operator types to confirm a command: the host's or the VM's, as the pages show it.</summary>
public static class TargetNames
{
    /// <remarks>resetvdis acts on an SR on behalf of a dead host: the host is what the operator must be sure of.</remarks>
    public static string Of(PoolSnapshot pool, PoolCommand command)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(command);
        return pool.Hosts.FirstOrDefault(h => h.Id == (command is ResetVdis r ? r.HostId : command.TargetId))?.Name
            ?? pool.Vms.FirstOrDefault(v => v.Id == command.TargetId)?.Name
            ?? pool.Name;
    }
}
