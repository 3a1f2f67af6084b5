using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Snapshots;

public sealed record VmView(
    Guid Id,
    string Name,
    PowerState PowerState,
    Guid? ResidentOn,
    long MemoryMiB,
    HaRestartPriority HaPriority,
    bool IsControlDomain,
    IReadOnlyList<Vbd> Disks,
    Guid? DisplacedFrom);
