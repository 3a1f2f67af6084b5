namespace PoolDash.Web.Problems;

/// <summary>
/// What the OpenAPI document says of an endpoint that the handler's <c>IResult</c> cannot say itself: the JSON body
/// it reads, what it answers on success, and the problem details it can answer instead.
/// </summary>
internal static class ApiContract
{
    /// <summary>Reading a JSON body can be refused as malformed, too large or not JSON, besides the endpoint's own problems.</summary>
    private static readonly int[] BodyProblems = [StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType];

    public static RouteHandlerBuilder Reads<TBody>(this RouteHandlerBuilder endpoint)
        where TBody : notnull =>
        endpoint.Accepts<TBody>("application/json").Problems(BodyProblems);

    public static RouteHandlerBuilder Answers<TResponse>(this RouteHandlerBuilder endpoint, int status = StatusCodes.Status200OK) =>
        endpoint.Produces<TResponse>(status);

    /// <summary>The problem details (RFC 7807, with the XAPI-style <c>code</c>) the endpoint can answer.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }

    /// <summary>A caller not signed in (401) or whose role or sign-in kind does not allow it (403).</summary>
    public static RouteHandlerBuilder SignedIn(this RouteHandlerBuilder endpoint) =>
        endpoint.Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
