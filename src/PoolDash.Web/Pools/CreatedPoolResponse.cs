namespace PoolDash.Web.Pools;

/// <summary>The answer to a pool creation: the pool's id and every host's heartbeat token (shown only here).</summary>
public sealed record CreatedPoolResponse(Guid PoolId, IReadOnlyList<IssuedToken> Tokens);
