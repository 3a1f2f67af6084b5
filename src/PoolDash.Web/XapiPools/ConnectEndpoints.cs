using PoolDash.Domain.Errors;
using PoolDash.Web.Auth;
using PoolDash.Web.Problems;

namespace PoolDash.Web.XapiPools;

/// <summary><c>POST /api/v1/pools/connect</c> (a Pool Admin connects a pool through its master) and
/// <c>GET /api/v1/pools/{id}/connection</c> (where a connected pool's state comes from, how fresh it is).</summary>
internal static class ConnectEndpoints
{
    private const string Origin = Origins.Api;

    public static void MapConnectEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/pools/connect", ConnectAsync).WithTags("Pools").RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Connect a XenServer / XCP-ng pool through its master's XAPI: PoolDash reads it, then follows it.")
            .Reads<ConnectRequest>().Answers<ConnectedPool>(StatusCodes.Status201Created).SignedIn()
            .Problems(StatusCodes.Status409Conflict, StatusCodes.Status502BadGateway);
        app.MapGet("/api/v1/pools/{id:guid}/connection", (Guid id, XapiConnections connections) =>
                connections.StatusOf(id) is { } status
                    ? Results.Ok(status)
                    : ApiProblems.Of(StatusCodes.Status404NotFound, "POOL_NOT_CONNECTED", $"Pool {id} is not connected through XAPI",
                        "Pools described by JSON have no connection; connect one with POST /api/v1/pools/connect."))
            .WithTags("Pools").RequireAuthorization().WithSummary("Where a connected pool's state comes from, and when it was last synchronised.")
            .Answers<XapiConnectionStatus>().SignedIn().Problems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ConnectAsync(HttpRequest request, UserDirectory users, XapiConnections connections, CancellationToken cancellationToken)
    {
        var (connect, invalid) = await JsonBody.ReadAsync<ConnectRequest>(request, cancellationToken).ConfigureAwait(false);
        if (connect is null)
        {
            return invalid!;
        }

        if (await users.FindAsync(request.HttpContext.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        var (poolId, error) = await connections.ConnectAsync(connect, who, Origin, cancellationToken).ConfigureAwait(false);
        return poolId is { } id ? TypedResults.Created($"/api/v1/pools/{id}", new ConnectedPool(id)) : ApiProblems.Of(error!);
    }
}
