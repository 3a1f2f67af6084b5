namespace PoolDash.Web.Auth;

/// <summary>Where an act came from, as the audit trail records it (PoolDash's own acts are <c>system</c>).</summary>
internal static class Origins
{
    /// <summary>The HTTP API, with a bearer token.</summary>
    public const string Api = "api";

    /// <summary>A page, with the sign-in cookie.</summary>
    public const string Web = "web";
}
