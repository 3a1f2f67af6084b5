namespace PoolDash.Domain.Pools;

public static class PoolDefaults
{
    /// <summary>The guide: a member silent for 600 s is assumed dead (XAPI's host_assumed_dead_interval).</summary>
    public static readonly TimeSpan LivenessTimeout = TimeSpan.FromSeconds(600);

    /// <summary>HA's base timeout T (XAPI's ha_default_timeout_base).</summary>
    public static readonly TimeSpan HaTimeout = TimeSpan.FromSeconds(60);

    /// <summary>XAPI's host_heartbeat_interval: how often a host agent reports by default.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);
}
