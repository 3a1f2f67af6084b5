namespace PoolDash.Domain.Ha;

/// <summary>
/// XenCenter's HA tab: how many live hosts can fail at once with every protected VM (restart priority Restart) they run
/// still restarting on the others — by today's free memory and each VM's access to its disks — and which protected
/// VMs would not restart if the worst single host failed.
/// </summary>
/// <param name="FailuresTolerated">0 when some single host's failure already leaves a protected VM without a place.</param>
/// <param name="Exact">Every set of failing hosts was tried; above <see cref="HaPlanner.MaxExactHosts"/> live hosts the
/// worst sets are estimated (the hosts with the most protected memory first), an upper bound.</param>
/// <param name="WorstHostId">The single host whose failure leaves the most protected memory without a place (or
/// carries the most protected memory, when every single failure is covered).</param>
public sealed record HaPlan(int FailuresTolerated, bool Exact, int LiveHosts, int ProtectedVms, Guid? WorstHostId, string? WorstHostName,
    IReadOnlyList<string> NotRestartedIfWorstFails)
{
    /// <summary>What the plan tolerates, in words ("no host failure", "1 host failure", "2 host failures").</summary>
    public string Tolerates => FailuresTolerated switch
    {
        0 => "no host failure",
        1 => "1 host failure",
        var n => $"{n} host failures",
    };
}
