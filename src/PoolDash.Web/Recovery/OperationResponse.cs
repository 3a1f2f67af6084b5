namespace PoolDash.Web.Recovery;

/// <param name="Outcome"><c>performed</c>, or <c>already-done</c> with who did it and when.</param>
public sealed record OperationResponse(string Outcome, string? By, DateTimeOffset? At);
