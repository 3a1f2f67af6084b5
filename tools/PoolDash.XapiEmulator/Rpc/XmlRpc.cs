using System.Globalization;
using System.Security;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PoolDash.XapiEmulator.Rpc;

/// <summary>
/// XAPI's XML-RPC at every POST path but <c>/jsonrpc</c>. Answers are one struct, <c>Status</c> then <c>Value</c> or
/// <c>ErrorDescription</c>, written compactly; strings and int64s go untyped (so clients read ints as strings),
/// booleans as <c>&lt;boolean&gt;</c>, floats as <c>&lt;double&gt;</c>, datetimes as <c>&lt;dateTime.iso8601&gt;</c>,
/// and only <see cref="Int32Value"/> as <c>&lt;i4&gt;</c>. Calls may use typed or untyped strings, any int tag, ints
/// as decimal strings, <c>&lt;nil/&gt;</c>.
/// </summary>
internal static class XmlRpc
{
    public const string ContentType = "text/xml";

    public sealed record Call(string Method, IReadOnlyList<object?> Params);

    public static Call Parse(Stream body)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(body, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new MalformedRequest($"not XML: {e.Message}");
        }

        var call = document.Root is { Name.LocalName: "methodCall" } root ? root : throw new MalformedRequest("not a methodCall");
        var method = call.Element("methodName")?.Value.Trim() ?? throw new MalformedRequest("no methodName");
        IReadOnlyList<object?> parameters =
            [.. call.Element("params")?.Elements("param").Select(p => Read(p.Element("value") ?? throw new MalformedRequest("a param without a value"))) ?? []];
        return new Call(method, parameters);
    }

    public static byte[] Success(object? value) =>
        Response(Struct([("Status", "Success"), ("Value", value)]));

    public static byte[] Failure(XapiFault fault) =>
        Response(Struct([("Status", "Failure"), ("ErrorDescription", (IReadOnlyList<object?>)[fault.Code, .. fault.Parameters])]));

    /// <summary><c>system.listMethods</c> answers its array bare, with no Status around it.</summary>
    public static byte[] Bare(object? value) => Response(value);

    private static Dictionary<string, object?> Struct(IEnumerable<(string Name, object? Value)> members) =>
        members.ToDictionary(m => m.Name, m => m.Value);

    private static byte[] Response(object? value)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?><methodResponse><params><param>");
        Write(xml, value);
        xml.Append("</param></params></methodResponse>");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    private static void Write(StringBuilder xml, object? value)
    {
        xml.Append("<value>");
        switch (value)
        {
            case null:
                break;
            case string s:
                xml.Append(SecurityElement.Escape(s));
                break;
            case long l:
                xml.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case Int32Value i:
                xml.Append("<i4>").Append(i.Value.ToString(CultureInfo.InvariantCulture)).Append("</i4>");
                break;
            case double d:
                xml.Append("<double>").Append(d.ToString("G16", CultureInfo.InvariantCulture)).Append("</double>");
                break;
            case bool b:
                xml.Append("<boolean>").Append(b ? '1' : '0').Append("</boolean>");
                break;
            case DateTimeOffset at:
                xml.Append("<dateTime.iso8601>").Append(XapiValues.DateTime(at)).Append("</dateTime.iso8601>");
                break;
            case IReadOnlyDictionary<string, object?> map:
                xml.Append("<struct>");
                foreach (var (name, item) in map)
                {
                    xml.Append("<member><name>").Append(SecurityElement.Escape(name)).Append("</name>");
                    Write(xml, item);
                    xml.Append("</member>");
                }

                xml.Append("</struct>");
                break;
            case IReadOnlyList<object?> list:
                xml.Append("<array><data>");
                foreach (var item in list)
                {
                    Write(xml, item);
                }

                xml.Append("</data></array>");
                break;
            default:
                throw new InvalidOperationException($"No XAPI wire form for {value.GetType().Name}.");
        }

        xml.Append("</value>");
    }

    private static object? Read(XElement value)
    {
        if (value.Elements().FirstOrDefault() is not { } typed)
        {
            // An untyped value is a string.
            return value.Value;
        }

        var text = typed.Value;
        return typed.Name.LocalName switch
        {
            "string" => text,
            "int" or "i4" or "i8" => long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
                ? l
                : throw new MalformedRequest($"not an integer: {text}"),
            "boolean" => text.Trim() switch
            {
                "1" => true,
                "0" => false,
                _ => throw new MalformedRequest($"not a boolean: {text}"),
            },
            "double" => double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? d
                : throw new MalformedRequest($"not a double: {text}"),
            "dateTime.iso8601" => DateTimeOffset.TryParseExact(text.Trim(), ["yyyyMMdd'T'HH:mm:ss'Z'", "yyyyMMdd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new MalformedRequest($"not a dateTime.iso8601: {text}"),
            "array" => typed.Element("data")?.Elements("value").Select(Read).ToList() ?? [],
            "struct" => typed.Elements("member").ToDictionary(
                m => m.Element("name")?.Value ?? throw new MalformedRequest("a struct member without a name"),
                m => Read(m.Element("value") ?? throw new MalformedRequest("a struct member without a value"))),
            "nil" => null,
            "base64" => text,
            var other => throw new MalformedRequest($"unknown XML-RPC type {other}"),
        };
    }
}
