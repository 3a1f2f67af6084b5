namespace PoolDash.XapiEmulator.Rpc;

/// <summary>A XAPI error: its code and parameters, as XAPI puts them in <c>ErrorDescription</c> (XML-RPC) or the
/// error object (JSON-RPC). Answered with HTTP 200, like every API error.</summary>
internal sealed class XapiFault(string code, params string[] parameters) : Exception(code)
{
    public string Code { get; } = code;

    public IReadOnlyList<string> Parameters { get; } = parameters;

    public static XapiFault SessionInvalid(string session) => new("SESSION_INVALID", session);

    public static XapiFault HandleInvalid(string cls, string reference) => new("HANDLE_INVALID", cls, reference);

    public static XapiFault UuidInvalid(string cls, string uuid) => new("UUID_INVALID", cls, uuid);

    public static XapiFault MethodUnknown(string method) => new("MESSAGE_METHOD_UNKNOWN", method);

    public static XapiFault ParameterCount(string method, int expected, int received) =>
        new("MESSAGE_PARAMETER_COUNT_MISMATCH", method, expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            received.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
