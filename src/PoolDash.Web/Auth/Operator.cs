using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Auth;

/// <summary>A signed-in user as the gates see them: their name (what the audit trail records) and their role now.</summary>
internal sealed record Operator(string Name, Role Role);
