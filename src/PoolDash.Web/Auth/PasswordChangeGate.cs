using Microsoft.AspNetCore.Authorization;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Auth;

/// <summary>A user signed in with a one-time password may do nothing but choose a new one (and sign out).</summary>
internal sealed class PasswordChangeGate(RequestDelegate next)
{
    public const string PasswordPage = "/account/password";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.User.HasClaim(PoolDashClaims.MustChangePassword, "true")
            || context.Request.Path.StartsWithSegments("/account")
            || context.Request.Path.StartsWithSegments("/api/v1/auth/password")
            || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return next(context);
        }

        if (AuthSetup.IsApi(context.Request))
        {
            return ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "PASSWORD_CHANGE_REQUIRED",
                "This user signed in with a one-time password and must choose a new one first",
                "POST /api/v1/auth/password with currentPassword and newPassword (or use the page /account/password), then log in again.");
        }

        context.Response.Redirect(PasswordPage);
        return Task.CompletedTask;
    }
}
