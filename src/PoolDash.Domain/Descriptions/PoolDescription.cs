using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Descriptions;

/// <summary>
/// A pool's topology and state as an operator writes it (or PoolDash exports it): what a pool is created from and
/// restored from. Only ids, names and memory are required; state fields default to a healthy pool.
/// </summary>
public sealed record PoolDescription
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    /// <summary>The pool master; may be omitted when exactly one host has the Master role.</summary>
    public Guid? MasterId { get; init; }

    public bool HaEnabled { get; init; }

    public double LivenessTimeoutSeconds { get; init; } = Pools.PoolDefaults.LivenessTimeout.TotalSeconds;

    public double HaTimeoutSeconds { get; init; } = Pools.PoolDefaults.HaTimeout.TotalSeconds;

    public bool TwoPersonRule { get; init; } = true;

    public Guid? DefaultSrId { get; init; }

    public IReadOnlyList<HostDescription> Hosts { get; init; } = [];

    public IReadOnlyList<SrDescription> Srs { get; init; } = [];

    public IReadOnlyList<VdiDescription> Vdis { get; init; } = [];

    public IReadOnlyList<VmDescription> Vms { get; init; } = [];

    public IReadOnlyList<Guid> ForgottenHostIds { get; init; } = [];

    /// <summary>True in an export: the VDIs' <c>attachKeys</c> are every key there is, and none is implied by a running
    /// VM's disks (locks released while a VM was still registered on a dead host stay released). A hand-written
    /// description leaves it false and lists only the keys its running VMs do not imply.</summary>
    /// <summary>Maintenance windows still to end.</summary>
    public List<MaintenanceWindow> Maintenance { get; init; } = [];

    public bool AttachKeysComplete { get; init; }
}
