using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PoolDash.Web.Auth;

/// <summary>
/// A live page re-checks its user every minute: deleted, locked out, or changed by a Pool Admin (role change,
/// password reset — both renew the security stamp) and the page drops the sign-in and goes to the sign-in page.
/// The steps themselves never trust the page: the gates read the role again at each one.
/// </summary>
internal sealed class RevalidatingAuthenticationState(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options, Kiosk.KioskLinks kiosks)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User);

    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        if (Kiosk.KioskPrincipal.LinkId(principal) is { } kiosk)
        {
            return await kiosks.IsActiveAsync(kiosk).ConfigureAwait(false);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PoolDashUser>>();
        if (await users.GetUserAsync(principal).ConfigureAwait(false) is not { } user || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            return false;
        }

        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user).ConfigureAwait(false);
    }
}
