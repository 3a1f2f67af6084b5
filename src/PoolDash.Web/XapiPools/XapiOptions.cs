namespace PoolDash.Web.XapiPools;

/// <summary><c>PoolDash:Xapi</c>: how PoolDash reaches connected pools.</summary>
public sealed class XapiOptions
{
    public const string Section = "PoolDash:Xapi";

    /// <summary>Accept <c>http://</c> master addresses (the emulator on loopback). Real pools are reached over HTTPS.</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>How often PoolDash probes each host's XAPI and hears the master's view of the hosts. A pool's timeout
    /// should span at least three of these.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.2, 60)]
    public double ProbeIntervalSeconds { get; set; } = 5;

    public TimeSpan ProbeInterval => TimeSpan.FromSeconds(ProbeIntervalSeconds);
}
