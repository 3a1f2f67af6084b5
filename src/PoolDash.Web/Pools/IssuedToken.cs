namespace PoolDash.Web.Pools;

/// <summary>A host's heartbeat token, shown once when the host is created or joined; only its hash is kept.</summary>
public sealed record IssuedToken(Guid HostId, string Name, string Token);
