namespace PoolDash.Web.XapiPools;

/// <summary>How PoolDash reaches a connected pool: the master's address, the account, the password protected with
/// ASP.NET Core Data Protection (never stored, logged or exported in clear), and the pinned certificate.</summary>
public sealed class XapiConnectionRecord
{
    public Guid PoolId { get; set; }

    public string MasterAddress { get; set; } = "";

    public string UserName { get; set; } = "";

    public string ProtectedPassword { get; set; } = "";

    /// <summary><c>sha256:</c> and the certificate's SHA-256 in hex, for a self-signed XenServer certificate.</summary>
    public string? TlsFingerprint { get; set; }

    public string ConnectedBy { get; set; } = "";

    public DateTimeOffset ConnectedAt { get; set; }
}
