using System.ComponentModel.DataAnnotations;

namespace PoolDash.Web.Demo;

/// <summary><c>PoolDash:Demo</c>: the embedded demo pool and its simulated hosts.</summary>
public sealed class DemoOptions
{
    public const string Section = "PoolDash:Demo";

    public bool Enabled { get; set; } = true;

    /// <summary>A demo setting, not XenServer's: real pools default to 600 s.</summary>
    [Range(1, 3600)]
    public double LivenessTimeoutSeconds { get; set; } = 30;

    /// <summary>The demo pool's HA timeout once HA is enabled (XenServer's default is 60 s).</summary>
    [Range(1, 3600)]
    public double HaTimeoutSeconds { get; set; } = 15;

    [Range(0.05, 600)]
    public double HeartbeatIntervalSeconds { get; set; } = 2;
}
