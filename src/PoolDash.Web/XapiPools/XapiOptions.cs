namespace PoolDash.Web.XapiPools;

/// <summary><c>PoolDash:Xapi</c>: how PoolDash reaches connected pools.</summary>
public sealed class XapiOptions
{
    public const string Section = "PoolDash:Xapi";

    /// <summary>Accept <c>http://</c> master addresses (the emulator on loopback). Real pools are reached over HTTPS.</summary>
    public bool AllowPlainHttp { get; set; }
}
