using System.ComponentModel.DataAnnotations;

namespace PoolDash.Web.Demo;

/// <summary><c>PoolDash:Demo</c>: the embedded demo, an emulated XenServer pool on loopback reached through the real
/// connector.</summary>
public sealed class DemoOptions
{
    public const string Section = "PoolDash:Demo";

    public bool Enabled { get; set; } = true;

    /// <summary>A demo setting, not XenServer's: real pools default to 600 s. The emulated pool's own
    /// host_assumed_dead_interval is the same.</summary>
    [Range(1, 3600)]
    public double LivenessTimeoutSeconds { get; set; } = 30;

    /// <summary>The demo pool's HA timeout once HA is enabled (XenServer's default is 60 s).</summary>
    [Range(1, 3600)]
    public double HaTimeoutSeconds { get; set; } = 15;

    /// <summary>The port every emulated host listens on, each at its own loopback address (127.0.0.2, .3, …); 0 takes a
    /// free one at each start.</summary>
    [Range(0, 65535)]
    public int EmulatorPort { get; set; }

    /// <summary>The first three octets of the emulated hosts' loopback addresses.</summary>
    [RegularExpression(@"^127\.\d{1,3}\.\d{1,3}$")]
    public string EmulatorBindPrefix { get; set; } = "127.0.0";

    /// <summary>The emulated pool's root password; empty: a new random one at each start (PoolDash is the only
    /// client that needs it). Set it to read the demo pool with another XAPI client.</summary>
    public string EmulatorPassword { get; set; } = "";

    /// <summary>How long after an emergency transition the emulated member's xapi restarts as master (XAPI: 10 s).</summary>
    [Range(0, 60)]
    public double RestartSeconds { get; set; } = 2;
}
