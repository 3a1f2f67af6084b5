namespace PoolDash.Web.Recovery;

/// <summary><c>POST /api/v1/pools/{id}/hosts/{hostId}/attest-down</c>: how the host was checked to be powered off
/// (out-of-band console, physically, …) and anything a colleague should know.</summary>
public sealed record AttestDownRequest(string? Method, string? Note);
