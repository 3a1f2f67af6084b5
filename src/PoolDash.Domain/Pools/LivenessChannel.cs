namespace PoolDash.Domain.Pools;

/// <summary>Where a sign of life comes from (DOMAIN.md: a connected host has several channels of life).</summary>
public enum LivenessChannel
{
    /// <summary>PoolDash's own heartbeats, sent by the agent in dom0 (or the demo's simulator).</summary>
    Agent,

    /// <summary>PoolDash's agentless probe: the host's own XAPI answered a login.</summary>
    Probe,

    /// <summary>The pool master's view, <c>host_metrics.live</c>: a verdict with XAPI's own timeout, not a fresh sign.</summary>
    Xapi,
}
