using System.Text;
using PoolDash.XapiEmulator.Api;
using PoolDash.XapiEmulator.Database;
using PoolDash.XapiEmulator.Drills;

namespace PoolDash.XapiEmulator.Rpc;

/// <summary>The HTTP side of XAPI: <c>POST /jsonrpc</c> for JSON-RPC, every other POST path (<c>/</c>, <c>/RPC2</c>,
/// <c>/xmlrpc</c>) for XML-RPC; API errors with HTTP 200, malformed requests with HTTP 500 and an HTML body. Which host
/// answers is the address the request came in on.</summary>
internal static class XapiEndpoints
{
    private const string InternalError =
        "<html><body><h1>HTTP 500 internal server error</h1>An unexpected error occurred; please wait a while and try again. If the problem persists, please contact your support representative.</body></html>";

    public static void MapXapi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/jsonrpc", JsonAsync);
        app.MapPost("/{**path}", XmlAsync);
    }

    /// <summary>A parsed call and how its transport writes the answer or the refusal.</summary>
    private sealed record Exchange(string Method, IReadOnlyList<object?> Params, Func<object?, byte[]> Answer, Func<XapiFault, byte[]> Refuse);

    private static Task JsonAsync(HttpContext context, XapiApi api, EmulatedPool pool, HostConditions conditions) =>
        ExchangeAsync(context, api, pool, conditions, JsonRpc.ContentType, body =>
        {
            var call = JsonRpc.Parse(body.GetBuffer().AsSpan(0, (int)body.Length));
            return new Exchange(call.Method, call.Params, result => JsonRpc.Result(call, result), fault => JsonRpc.Error(call, fault));
        });

    private static Task XmlAsync(HttpContext context, XapiApi api, EmulatedPool pool, HostConditions conditions) =>
        ExchangeAsync(context, api, pool, conditions, XmlRpc.ContentType, body =>
        {
            var call = XmlRpc.Parse(body);
            // system.listMethods answers its array bare.
            return new Exchange(call.Method, call.Params, call.Method == "system.listMethods" ? XmlRpc.Bare : XmlRpc.Success, XmlRpc.Failure);
        });

    private static async Task ExchangeAsync(HttpContext context, XapiApi api, EmulatedPool pool, HostConditions conditions, string contentType,
        Func<MemoryStream, Exchange> parse)
    {
        var host = HostOf(context, pool);
        if (!conditions.Answers(host))
        {
            // Crashed or cut off: to the caller, a connection that drops.
            context.Abort();
            return;
        }

        using var dropped = conditions.WhileAnswering(host).Register(context.Abort);
        Exchange exchange;
        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            body.Position = 0;
            exchange = parse(body);
        }
        catch (MalformedRequest)
        {
            await MalformedAsync(context).ConfigureAwait(false);
            return;
        }

        byte[] answer;
        try
        {
            answer = exchange.Answer(await api.CallAsync(exchange.Method, exchange.Params, host, context.RequestAborted).ConfigureAwait(false));
        }
        catch (XapiFault fault)
        {
            answer = exchange.Refuse(fault);
        }

        await WriteAsync(context, contentType, answer).ConfigureAwait(false);
    }

    private static string HostOf(HttpContext context, EmulatedPool pool) =>
        context.Connection.LocalIpAddress is { } address && pool.HostsByAddress.TryGetValue(address.MapToIPv4(), out var host)
            ? host
            : throw new InvalidOperationException($"No emulated host listens at {context.Connection.LocalIpAddress}.");

    private static async Task WriteAsync(HttpContext context, string contentType, byte[] body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        // Exactly this type, with no charset: Xen Orchestra's client falls back to XML-RPC on anything else.
        context.Response.ContentType = contentType;
        context.Response.Headers.AccessControlAllowOrigin = "*";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task MalformedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/html";
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(InternalError), context.RequestAborted).AsTask();
    }
}
