using System.Text.Json;

namespace PoolDash.Web.Problems;

/// <summary>The API's JSON bodies: read, or refused with a problem that says where they are wrong.</summary>
internal static class JsonBody
{
    /// <summary>Reads a JSON body, or says exactly where it is not what was expected.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Of(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "The body must be JSON",
                "Send Content-Type: application/json."));
        }

        try
        {
            var value = await request.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false);
            return value is null
                ? (null, ApiProblems.Of(StatusCodes.Status400BadRequest, "INVALID_JSON", "The body is empty or null", "Send a JSON object."))
                : (value, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's body limit (Kestrel's 30 MB unless configured): an answer, not a reset connection.
            var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return (null, ApiProblems.Of(StatusCodes.Status413PayloadTooLarge, "REQUEST_BODY_TOO_LARGE",
                limit is { } bytes ? $"The body is larger than the {bytes} bytes this server takes" : "The body is larger than this server takes",
                "Send a smaller body, or raise Kestrel:Limits:MaxRequestBodySize in PoolDash's configuration."));
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Of(StatusCodes.Status400BadRequest, "INVALID_JSON", $"The body is not valid here: {e.Path ?? "$"}",
                e.Message));
        }
    }
}
