namespace PoolDash.Web.Recovery;

/// <summary><c>POST /api/v1/pools/{id}/maintenance</c>: which host (null: the whole pool), why, and until when (with
/// its time zone's offset).</summary>
public sealed record MaintenanceRequest(Guid? HostId, string? Reason, DateTimeOffset? Until);
