using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PoolDash.Web.Auth;

/// <summary>The sign-in's claims: Identity's (name, role) and whether the password must be changed first.</summary>
internal sealed class PoolDashClaims(UserManager<PoolDashUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PoolDashUser, IdentityRole>(users, roles, options)
{
    public const string MustChangePassword = "pooldash:must-change-password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PoolDashUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePassword, "true"));
        }

        return identity;
    }
}
