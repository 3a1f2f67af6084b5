namespace PoolDash.Domain.Pools;

/// <summary>What the pool master last said of a host (<c>host_metrics.live</c>).</summary>
public enum MasterView
{
    /// <summary>Not connected to XAPI, or the master never reported on this host.</summary>
    Unknown,

    Live,

    NotLive,
}
