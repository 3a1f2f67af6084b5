using Microsoft.AspNetCore.Authorization;
using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Auth;

/// <summary>At least this role, as the database says now (not as a cookie or token issued earlier says).</summary>
internal sealed record RoleRequirement(Role Least) : IAuthorizationRequirement
{
    public static string PolicyName(Role least) => $"role:{least}";
}

internal sealed class RoleRequirementHandler(UserDirectory directory) : AuthorizationHandler<RoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (await directory.FindAsync(context.User).ConfigureAwait(false) is { } who && who.Role >= requirement.Least)
        {
            context.Succeed(requirement);
        }
    }
}
