namespace PoolDash.Domain.Events;

/// <summary>HA could not restart a protected VM after a host failure; it stays Halted.</summary>
public sealed record HaRestartFailed(Guid VmId, string Reason) : PoolEvent;
