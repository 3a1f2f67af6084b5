using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Vms;

internal sealed class VmState
{
    public VmState(Guid id, string name, long memoryMiB, HaRestartPriority haPriority, bool isControlDomain, List<Vbd> disks)
    {
        Id = id;
        Name = name;
        MemoryMiB = memoryMiB;
        HaPriority = haPriority;
        IsControlDomain = isControlDomain;
        Disks = disks;
    }

    public Guid Id { get; }

    public string Name { get; }

    public long MemoryMiB { get; }

    public HaRestartPriority HaPriority { get; }

    public bool IsControlDomain { get; }

    public List<Vbd> Disks { get; }

    public PowerState PowerState { get; set; }

    public Guid? ResidentOn { get; set; }

    /// <summary>The dead host this VM's power state was reset from, until it runs again: what the recovery plan
    /// proposes to start elsewhere.</summary>
    public Guid? DisplacedFrom { get; set; }

    /// <summary>Running or Paused: the VM occupies its resident host's memory and holds its disks.</summary>
    public bool IsLive => PowerState.IsLive();
}
