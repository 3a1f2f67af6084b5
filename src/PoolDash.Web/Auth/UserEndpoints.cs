using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Auth;

/// <summary><c>/api/v1/users</c>: a Pool Admin manages users and their roles, as on the Users page; each change is audited.</summary>
internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        // Changes are gated (and their refusals audited) by UserDirectory, which reads the caller's role at each change.
        var users = app.MapGroup("/api/v1/users").WithTags("Users");
        users.MapGet("/", (UserDirectory directory) => directory.ListAsync()).RequireAuthorization(RoleRequirement.PolicyName(Role.PoolAdmin))
            .WithSummary("Every user with their role and lockout state.").SignedIn();
        users.MapPost("/", CreateAsync).RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Create a user with a role; without a password, a one-time password is answered once and must be changed at first sign-in.")
            .Reads<NewUser>().Produces(StatusCodes.Status201Created).SignedIn().Problems(StatusCodes.Status409Conflict);
        users.MapPut("/{userName}/role", SetRoleAsync).RequireAuthorization(AuthSetup.ApiWriter).WithSummary("Change a user's role.")
            .Reads<RoleChange>().SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        users.MapPost("/{userName}/unlock", (string userName, HttpContext http, UserDirectory directory) =>
                ChangeAsync(http, directory, who => directory.UnlockAsync(who, Origins.Api, userName)))
            .RequireAuthorization(AuthSetup.ApiWriter).WithSummary("Lift a lockout after repeated failed sign-ins.")
            .SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        users.MapPost("/{userName}/reset-password", (string userName, HttpContext http, UserDirectory directory) =>
                ChangeAsync(http, directory, who => directory.ResetPasswordAsync(who, Origins.Api, userName)))
            .RequireAuthorization(AuthSetup.ApiWriter).WithSummary("Give the user a one-time password (answered once).")
            .SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        users.MapDelete("/{userName}", (string userName, HttpContext http, UserDirectory directory) =>
                ChangeAsync(http, directory, who => directory.DeleteAsync(who, Origins.Api, userName)))
            .RequireAuthorization(AuthSetup.ApiWriter).WithSummary("Delete a user (not yourself, not the last Pool Admin).")
            .SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, UserDirectory directory, CancellationToken cancellationToken)
    {
        var (request, invalid) = await JsonBody.ReadAsync<NewUser>(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return invalid!;
        }

        if (string.IsNullOrWhiteSpace(request.UserName) || !Roles.TryParse(request.Role, out var role))
        {
            return InvalidRole(request.Role);
        }

        return await ChangeAsync(http.HttpContext, directory, who => directory.CreateAsync(who, Origins.Api, request.UserName.Trim(), role, request.Password), created: true)
            .ConfigureAwait(false);
    }

    private static async Task<IResult> SetRoleAsync(string userName, HttpRequest http, UserDirectory directory, CancellationToken cancellationToken)
    {
        var (request, invalid) = await JsonBody.ReadAsync<RoleChange>(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return invalid!;
        }

        return Roles.TryParse(request.Role, out var role)
            ? await ChangeAsync(http.HttpContext, directory, who => directory.SetRoleAsync(who, Origins.Api, userName, role)).ConfigureAwait(false)
            : InvalidRole(request.Role);
    }

    private static async Task<IResult> ChangeAsync(HttpContext http, UserDirectory directory, Func<Operator, Task<UserChange>> change, bool created = false)
    {
        if (await directory.FindAsync(http.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        var result = await change(who).ConfigureAwait(false);
        if (!result.Done)
        {
            var status = result.Code switch
            {
                "USER_UNKNOWN" => StatusCodes.Status404NotFound,
                "INVALID_USER" => StatusCodes.Status400BadRequest,
                XapiErrorNames.RbacPermissionDenied => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status409Conflict,
            };
            return ApiProblems.Of(status, result.Code!, result.Message, "Correct the request and send it again.");
        }

        var body = new { message = result.Message, oneTimePassword = result.OneTimePassword };
        return created ? TypedResults.Created((string?)null, body) : TypedResults.Ok(body);
    }

    private static IResult InvalidRole(string? role) => ApiProblems.Of(StatusCodes.Status400BadRequest, "INVALID_VALUE",
        $"userName is required and role must be one of: {string.Join(", ", Roles.All.Select(Roles.Name))} (got '{role}')",
        "Send userName and one of the six roles as xe role-list names them.", "role", role ?? "");

    public sealed record NewUser(string UserName, string? Role, string? Password);

    public sealed record RoleChange(string? Role);
}
