using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Descriptions;

public sealed record VmDescription
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public long MemoryMiB { get; init; }

    public PowerState PowerState { get; init; } = PowerState.Halted;

    public Guid? ResidentOn { get; init; }

    public HaRestartPriority HaPriority { get; init; } = HaRestartPriority.None;

    public bool IsControlDomain { get; init; }

    public IReadOnlyList<Vbd> Disks { get; init; } = [];

    public Guid? DisplacedFrom { get; init; }
}
