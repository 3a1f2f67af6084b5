using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Events;

/// <summary>A maintenance window started, or ended early (<paramref name="Started"/> false).</summary>
public sealed record MaintenanceChanged(MaintenanceWindow Window, bool Started) : PoolEvent;
