namespace PoolDash.Domain.Vms;

/// <summary>What a power state means for the pool, said once for the model and for descriptions alike.</summary>
public static class PowerStates
{
    /// <summary>Running or Paused: the VM occupies its resident host's memory and holds its disks.</summary>
    public static bool IsLive(this PowerState state) => state is PowerState.Running or PowerState.Paused;
}
