using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Kiosk;
using PoolDash.Web.Persistence;
using PoolDash.Web.Problems;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Auth;

/// <summary>
/// Sign-in with ASP.NET Core Identity on PoolDash's database: a cookie for the pages, Identity's own bearer tokens
/// (<c>/api/v1/auth/login</c>) for scripts. Everything needs a signed-in user except the sign-in page, the health
/// check, static files and the heartbeat API (which has its per-host tokens). Writes through the API take the bearer
/// token only, so a page's cookie can never be used to forge one from another site.
/// </summary>
internal static class AuthSetup
{
    public const string LoginPath = "/account/login";

    /// <summary>Policy for state-changing API calls: a bearer token, never the cookie.</summary>
    public const string ApiWriter = "api-writer";

    public static IServiceCollection AddPoolDashAuth(this IServiceCollection services)
    {
        // Identity's stores need a scoped context; everything else in PoolDash makes its own.
        services.AddScoped(sp => new PoolDashDb(sp.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<PoolDashDb>>()));
        services.AddIdentityApiEndpoints<PoolDashUser>(o =>
            {
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Password.RequiredLength = 10;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PoolDashDb>()
            .AddUserManager<PoolDashUserManager>()
            .AddClaimsPrincipalFactory<PoolDashClaims>();

        // Identity's default challenge is the bearer scheme's bare 401; a person at a page is sent to sign in
        // instead, and the API's 401 and 403 come as problem details (see the cookie's events).
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
            o.DefaultForbidScheme = IdentityConstants.ApplicationScheme;
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "PoolDash.Auth";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.LoginPath = LoginPath;
            o.AccessDeniedPath = LoginPath;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context => IsApi(context.Request) ? Unauthorized(context.HttpContext) : RedirectAsync(context);
            o.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
                ? Forbidden(context.HttpContext)
                : RedirectAsync(context);
        });
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            o.Events.OnMessageReceived = context =>
            {
                // Browsers cannot set headers on a WebSocket: the hub also takes the token from the query string.
                if (context.Request.Path.StartsWithSegments(PoolHub.Path) && context.Request.Query["access_token"] is [{ } token])
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            };
        });
        // A role change or a deletion reaches open pages within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ApiWriter, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser());
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(RoleRequirement.PolicyName(role), p => p.AddRequirements(new RoleRequirement(role)));
        }

        services.AddSingleton<IAuthorizationHandler, RoleRequirementHandler>();
        services.AddSingleton<UserDirectory>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationState>();
        return services;
    }

    public static WebApplication UsePoolDashAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseKioskSignIn();
        app.UseAuthorization();
        app.UseMiddleware<PasswordChangeGate>();
        return app;
    }

    public static void MapPoolDashAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Sign-in");
        auth.MapIdentityApi<PoolDashUser>().Add(endpoint =>
        {
            var route = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText ?? "";
            if (route.EndsWith("/login", StringComparison.Ordinal) || route.EndsWith("/refresh", StringComparison.Ordinal))
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
            else
            {
                // Self-registration, the e-mail flows and Identity's account management (which needs an e-mail address):
                // users are made by a Pool Admin, PoolDash sends no mail, and a password is changed below.
                endpoint.FilterFactories.Add((_, _) => _ => ValueTask.FromResult<object?>(ApiProblems.Of(StatusCodes.Status403Forbidden,
                    "USER_SELF_SERVICE_DISABLED", "Users are created and reset by a Pool Admin; passwords are changed at /api/v1/auth/password",
                    "Ask a Pool Admin (Users page, or POST /api/v1/users); change your own password with POST /api/v1/auth/password.")));
            }
        });
        auth.MapPost("/password", ChangePasswordAsync)
            .WithSummary("Change your own password (required first after a one-time password); log in again afterwards.")
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);

        app.MapPost("/account/logout", async (HttpContext http, SignInManager<PoolDashUser> signIn) =>
        {
            // The anti-forgery middleware only records its verdict; an endpoint that binds no form field must act on it.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return ApiProblems.Of(StatusCodes.Status400BadRequest, "ANTIFORGERY_TOKEN_INVALID", "The sign-out form's anti-forgery token is missing or wrong",
                    "Sign out with the Sign out button of a PoolDash page.");
            }

            await signIn.SignOutAsync().ConfigureAwait(false);
            return Results.LocalRedirect(LoginPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }

    private static async Task<IResult> ChangePasswordAsync(PasswordChange change, HttpContext http, UserManager<PoolDashUser> users)
    {
        if (await users.GetUserAsync(http.User).ConfigureAwait(false) is not { } user)
        {
            return ApiProblems.NotSignedIn();
        }

        var result = await users.ChangePasswordAsync(user, change.CurrentPassword ?? "", change.NewPassword ?? "").ConfigureAwait(false);
        return result.Succeeded
            ? TypedResults.NoContent()
            : ApiProblems.Of(StatusCodes.Status400BadRequest, "PASSWORD_NOT_CHANGED", string.Join(" ", result.Errors.Select(e => e.Description)),
                "Send the current password and a new one of at least 10 characters with upper and lower case, a digit and a symbol.");
    }

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments(PoolHub.Path);

    private static Task RedirectAsync(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The API's answer to a call without a valid sign-in.</summary>
    public static Task Unauthorized(HttpContext context) => ApiProblems.WriteAsync(context, StatusCodes.Status401Unauthorized,
        ApiProblems.NotSignedInCode, ApiProblems.NotSignedInTitle, ApiProblems.NotSignedInNextStep);

    /// <summary>The API's answer to a signed-in user whose role does not allow the call.</summary>
    public static Task Forbidden(HttpContext context) => ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden,
        XapiErrorNames.RbacPermissionDenied, "Your role does not allow this call", "Ask a Pool Admin for a role that allows it.");
}

/// <summary><c>POST /api/v1/auth/password</c>.</summary>
public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);
