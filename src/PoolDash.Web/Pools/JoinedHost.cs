using PoolDash.Domain.Errors;

namespace PoolDash.Web.Pools;

internal sealed record JoinedHost(string? Token, XapiError? Error);
