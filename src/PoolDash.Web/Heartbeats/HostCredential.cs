namespace PoolDash.Web.Heartbeats;

/// <summary>Which pool a host belongs to, and the SHA-256 of its heartbeat token.</summary>
internal sealed record HostCredential(Guid PoolId, byte[] Hash);
