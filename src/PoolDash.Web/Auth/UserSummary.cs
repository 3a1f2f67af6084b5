namespace PoolDash.Web.Auth;

/// <summary>A user as the Users page and <c>GET /api/v1/users</c> list them; never their password or its hash.</summary>
public sealed record UserSummary(string UserName, string Role, bool MustChangePassword, DateTimeOffset? LockedOutUntil, int FailedSignIns);
