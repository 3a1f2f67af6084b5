namespace PoolDash.Web.XapiPools;

/// <summary>A refusal from XAPI: its error code (<c>HOST_IS_SLAVE</c>, <c>SESSION_INVALID</c>, …) and parameters, as the
/// pool sent them.</summary>
public sealed class XapiException(string code, IReadOnlyList<string> parameters)
    : Exception(parameters.Count == 0 ? code : $"{code} [{string.Join(", ", parameters)}]")
{
    public string Code { get; } = code;

    public IReadOnlyList<string> Parameters { get; } = parameters;
}
