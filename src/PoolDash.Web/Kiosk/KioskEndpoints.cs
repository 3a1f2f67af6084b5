using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PoolDash.Web.Auth;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Kiosk;

/// <summary>
/// <c>/api/v1/kiosk-links</c> (Pool Admin) and <c>/kiosk/{token}</c>, where a wall screen opens its link: it gets a
/// cookie of its own scheme, good for the wall (and its live connection) only, checked against the link on every
/// request, so a revoked link stops at once.
/// </summary>
internal static class KioskEndpoints
{
    public const string WallPath = "/wall";

    public static IServiceCollection AddKioskLinks(this IServiceCollection services)
    {
        services.AddSingleton<KioskLinks>();
        services.AddAuthentication().AddCookie(KioskPrincipal.Scheme, o =>
        {
            o.Cookie.Name = "PoolDash.Kiosk";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            // A wall screen has nobody to sign it in again: the link lasts until a Pool Admin revokes it.
            o.ExpireTimeSpan = TimeSpan.FromDays(3650);
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = async context =>
            {
                if (KioskPrincipal.LinkId(context.Principal) is not { } id || !await context.HttpContext.RequestServices.GetRequiredService<KioskLinks>().IsActiveAsync(id).ConfigureAwait(false))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(KioskPrincipal.Scheme).ConfigureAwait(false);
                }
            };
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>After authentication: a request nobody signed in to, for the wall or its live connection, is the
    /// kiosk screen's when it carries a standing kiosk cookie. Any other page or API stays closed to it.</summary>
    public static void UseKioskSignIn(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated != true && IsWall(context.Request.Path)
            && await context.AuthenticateAsync(KioskPrincipal.Scheme).ConfigureAwait(false) is { Succeeded: true } kiosk)
        {
            context.User = kiosk.Principal;
        }

        await next(context).ConfigureAwait(false);
    });

    // The wall page and the Blazor circuit that keeps it live; nothing else.
    private static bool IsWall(PathString path) => path.Equals(WallPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/_blazor");

    public static void MapKioskEndpoints(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/api/v1/kiosk-links").WithTags("Kiosk links").RequireAuthorization(AuthSetup.ApiWriter);
        links.MapPost("/", async (HttpRequest http, UserDirectory users, KioskLinks all, CancellationToken ct) =>
            {
                var (body, invalid) = await JsonBody.ReadAsync<KioskLinkRequest>(http, ct).ConfigureAwait(false);
                if (body is null)
                {
                    return invalid!;
                }

                if (await users.FindAsync(http.HttpContext.User).ConfigureAwait(false) is not { } who)
                {
                    return ApiProblems.NotSignedIn();
                }

                var (created, error) = await all.CreateAsync(who, Origins.Api, body.Name, new Uri($"{http.Scheme}://{http.Host}{http.PathBase}/")).ConfigureAwait(false);
                return created is null ? ApiProblems.Of(error!) : TypedResults.Created($"/api/v1/kiosk-links/{created.Id}", created);
            })
            .WithSummary("Make a read-only link for a wall screen (Pool Admin): its URL holds a token shown this once; it opens /wall only and never expires.")
            .Reads<KioskLinkRequest>().Answers<CreatedKioskLink>(StatusCodes.Status201Created).SignedIn();
        links.MapGet("/", async (HttpContext http, UserDirectory users, KioskLinks all, CancellationToken ct) =>
                await users.FindAsync(http.User).ConfigureAwait(false) is not { } who ? ApiProblems.NotSignedIn()
                : await all.ListAsync(who, ct).ConfigureAwait(false) is var (list, error) && list is not null ? TypedResults.Ok(list)
                : ApiProblems.Of(error!))
            .WithSummary("The kiosk links, newest first, with when each was last used and whether it was revoked; never their tokens (Pool Admin).")
            .Answers<List<KioskLinkView>>().SignedIn();
        links.MapDelete("/{id:guid}", async (Guid id, HttpContext http, UserDirectory users, KioskLinks all) =>
                await users.FindAsync(http.User).ConfigureAwait(false) is not { } who ? ApiProblems.NotSignedIn()
                : await all.RevokeAsync(who, Origins.Api, id).ConfigureAwait(false) is { } error ? ApiProblems.Of(error)
                : TypedResults.NoContent())
            .WithSummary("Revoke a kiosk link (Pool Admin): the screen says so within seconds and the link opens nothing again.")
            .SignedIn().Problems(StatusCodes.Status404NotFound);

        app.MapGet("/kiosk/{token}", async (string token, HttpContext http, KioskLinks all) =>
        {
            if (await all.UseAsync(token, Origins.Web).ConfigureAwait(false) is not { } link)
            {
                return Results.Content(Page("This kiosk link does not open the wall",
                    "It was revoked, or it was never a PoolDash kiosk link. Ask a Pool Admin for a new link (Users page, Wall screens)."),
                    "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            }

            await http.SignInAsync(KioskPrincipal.Scheme, KioskPrincipal.For(link), new AuthenticationProperties { IsPersistent = true }).ConfigureAwait(false);
            return Results.LocalRedirect(WallPath);
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static string Page(string title, string text) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PoolDash — {WebUtility.HtmlEncode(title)}</title></head>"
        + $"<body style=\"background:#000;color:#fff;font:2.4vw sans-serif;padding:4vw\"><h1 data-testid=\"kiosk-refused\">{WebUtility.HtmlEncode(title)}</h1>"
        + $"<p>{WebUtility.HtmlEncode(text)}</p></body></html>";
}
