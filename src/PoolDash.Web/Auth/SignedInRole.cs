using System.Security.Claims;
using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Auth;

/// <summary>The role a page shows a user as having, from their sign-in's claims. Pages only mirror the gates: the
/// server reads the role again from the database when a step runs.</summary>
internal static class SignedInRole
{
    public static Role Of(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => Roles.TryParse(c.Value, out var role) ? role : Role.ReadOnly).DefaultIfEmpty(Role.ReadOnly).Max();
}
