namespace PoolDash.Web.XapiPools;

/// <summary>What a Pool Admin gives to connect a pool: its master's address, an account, and for a self-signed
/// certificate its SHA-256 fingerprint (<c>sha256:</c> and hex).</summary>
/// <param name="HaTimeoutSeconds">HA's timeout on this pool once HA is on (XenServer's default: 60 s).</param>
public sealed record ConnectRequest(string? MasterAddress, string? UserName, string? Password, string? TlsFingerprint,
    double? LivenessTimeoutSeconds = null, bool? TwoPersonRule = null, double? HaTimeoutSeconds = null);
