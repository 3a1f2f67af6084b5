using System.Text.Json;

namespace PoolDash.XapiEmulator.Rpc;

/// <summary>
/// XAPI's JSON-RPC at <c>POST /jsonrpc</c>: v2 when the call says <c>"jsonrpc":"2.0"</c>, v1 when it says nothing;
/// the id echoed; a v2 success has no <c>error</c> key, a v1 success has <c>"error":null</c>; a v2 error is
/// <c>{"code":1,"message":CODE,"data":[params]}</c>, a v1 error the flat array <c>[CODE, params…]</c>.
/// </summary>
internal static class JsonRpc
{
    public const string ContentType = "application/json";

    public sealed record Call(bool V2, JsonElement Id, string Method, IReadOnlyList<object?> Params);

    public static Call Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new MalformedRequest($"not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedRequest("a JSON-RPC call is one object (no batches)");
            }

            var v2 = false;
            if (root.TryGetProperty("jsonrpc", out var version))
            {
                v2 = version.ValueKind == JsonValueKind.String && version.GetString() == "2.0"
                    ? true
                    : throw new MalformedRequest("jsonrpc must be \"2.0\" or absent");
            }

            if (!root.TryGetProperty("id", out var id) || id.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
            {
                throw new MalformedRequest("the call needs an id (a number or a string): notifications are refused");
            }

            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
            {
                throw new MalformedRequest("the call needs a method");
            }

            IReadOnlyList<object?> parameters = [];
            if (root.TryGetProperty("params", out var given))
            {
                parameters = given.ValueKind == JsonValueKind.Array
                    ? [.. given.EnumerateArray().Select(Read)]
                    : throw new MalformedRequest("params must be an array");
            }
            else if (!v2)
            {
                throw new MalformedRequest("a v1 call needs params");
            }

            return new Call(v2, id.Clone(), method.GetString()!, parameters);
        }
    }

    public static byte[] Result(Call call, object? result) => Write(call, writer =>
    {
        writer.WritePropertyName("result");
        Write(writer, result);
        if (!call.V2)
        {
            writer.WriteNull("error");
        }
    });

    public static byte[] Error(Call call, XapiFault fault) => Write(call, writer =>
    {
        if (call.V2)
        {
            writer.WriteStartObject("error");
            writer.WriteNumber("code", 1);
            writer.WriteString("message", fault.Code);
            writer.WriteStartArray("data");
            foreach (var p in fault.Parameters)
            {
                writer.WriteStringValue(p);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("result");
            writer.WriteStartArray("error");
            writer.WriteStringValue(fault.Code);
            foreach (var p in fault.Parameters)
            {
                writer.WriteStringValue(p);
            }

            writer.WriteEndArray();
        }
    });

    private static byte[] Write(Call call, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (call.V2)
            {
                writer.WriteString("jsonrpc", "2.0");
            }

            body(writer);
            writer.WritePropertyName("id");
            call.Id.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static object? Read(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(Read).ToList(),
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Read(p.Value)),
        _ => null,
    };

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteStringValue("");
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case Int32Value i:
                writer.WriteNumberValue(i.Value);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateTimeOffset at:
                writer.WriteStringValue(XapiValues.DateTime(at));
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"No XAPI wire form for {value.GetType().Name}.");
        }
    }
}
