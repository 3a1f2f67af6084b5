using System.Buffers;
using System.Text.Json;
using PoolDash.Domain.Errors;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Heartbeats;

/// <summary>
/// <c>POST /api/v1/heartbeats</c> with <c>{"hostId":"…"}</c> and <c>Authorization: Bearer &lt;host token&gt;</c>.
/// The hot path: the body is read into a pooled buffer and scanned with a <see cref="Utf8JsonReader"/>, so a
/// recorded heartbeat allocates nothing of ours and touches no database and no pool lock.
/// </summary>
internal static class HeartbeatEndpoint
{
    public const string Path = "/api/v1/heartbeats";

    /// <summary>A heartbeat is a few dozen bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 1024;

    public static async Task HandleAsync(HttpContext context)
    {
        try
        {
            var request = context.Request;
            if (request.ContentLength > MaxBodyBytes)
            {
                await TooLargeAsync(context).ConfigureAwait(false);
                return;
            }

            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                await ApiProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "HEARTBEAT_TOKEN_MISSING",
                    "No host token", "Send the host's heartbeat token as 'Authorization: Bearer <token>'.").ConfigureAwait(false);
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
            try
            {
                var length = await ReadBodyAsync(request.Body, buffer, context.RequestAborted).ConfigureAwait(false);
                if (length > MaxBodyBytes)
                {
                    await TooLargeAsync(context).ConfigureAwait(false);
                    return;
                }

                if (!TryReadHostId(buffer.AsSpan(0, length), out var hostId))
                {
                    await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "HEARTBEAT_MALFORMED",
                        "The heartbeat is not {\"hostId\":\"<uuid>\"}", "Send a JSON object whose hostId is the host's UUID.").ConfigureAwait(false);
                    return;
                }

                var token = authorization.AsSpan("Bearer ".Length).Trim();
                var ingestion = context.RequestServices.GetRequiredService<HeartbeatIngestion>();
                switch (ingestion.Record(hostId, token))
                {
                    case HeartbeatVerdict.Recorded:
                        context.Response.StatusCode = StatusCodes.Status204NoContent;
                        return;
                    case HeartbeatVerdict.BadToken:
                        await ApiProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "HEARTBEAT_TOKEN_INVALID",
                            "The token is not this host's", "Use the token PoolDash issued for this host when it was created or joined.").ConfigureAwait(false);
                        return;
                    default:
                        var unknown = Xapi.HostUnknownToMaster(hostId);
                        await ApiProblems.WriteAsync(context, StatusCodes.Status404NotFound, unknown.Name, unknown.Message, unknown.NextStep, [.. unknown.Params]).ConfigureAwait(false);
                        return;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            // In the same method, so a heartbeat costs no second state machine: counted accepted or refused by its answer.
            context.RequestServices.GetRequiredService<Metrics.PoolDashMetrics>().Heartbeat(context.Response.StatusCode == StatusCodes.Status204NoContent);
        }
    }

    private static Task TooLargeAsync(HttpContext context) =>
        ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "HEARTBEAT_TOO_LARGE",
            "The heartbeat body is too large", $"A heartbeat is {{\"hostId\":\"<uuid>\"}}, at most {MaxBodyBytes} bytes.");

    private static async ValueTask<int> ReadBodyAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return length;
    }

    /// <summary>Finds the top-level <c>hostId</c>; other members are skipped, anything that is not JSON fails.</summary>
    private static bool TryReadHostId(ReadOnlySpan<byte> json, out Guid hostId)
    {
        hostId = Guid.Empty;
        var found = false;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isHostId = reader.ValueTextEquals("hostId"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isHostId)
                {
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out hostId))
                    {
                        return false;
                    }

                    found = true;
                }
                else
                {
                    reader.Skip();
                }
            }

            return found && reader.TokenType == JsonTokenType.EndObject && !reader.Read() && hostId != Guid.Empty;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
