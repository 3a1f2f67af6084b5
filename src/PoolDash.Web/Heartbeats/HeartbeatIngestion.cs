using PoolDash.Domain.Heartbeats;
using PoolDash.Domain.Pools;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Heartbeats;

/// <summary>
/// What a heartbeat does, whoever sends it (the HTTP endpoint, the demo simulator): check the host's token, record
/// the beat on the pool without its lock, and only on a transition (whose events the pool
/// publishes itself) wake the monitor.
/// </summary>
internal sealed class HeartbeatIngestion(PoolRegistry registry, HostTokens tokens, LivenessMonitor monitor)
{
    /// <summary>A sign of life from a channel PoolDash trusts without a token (the probe of a host's own XAPI).</summary>
    public void SignOfLife(Domain.Pools.Pool pool, Guid hostId, LivenessChannel channel) => Beat(pool, hostId, channel);

    /// <summary>The pool master's view of its hosts (<c>host_metrics.live</c>), heard now.</summary>
    public void MasterView(Domain.Pools.Pool pool, IReadOnlySet<Guid> live)
    {
        if (pool.ObserveMasterView(live).Count > 0)
        {
            monitor.Wake(pool.Id);
        }
    }

    /// <summary>The pool master is not heard: its word on itself no longer counts.</summary>
    public void MasterViewLost(Domain.Pools.Pool pool)
    {
        if (pool.MasterViewLost().Count > 0)
        {
            monitor.Wake(pool.Id);
        }
    }

    public HeartbeatVerdict Record(Guid hostId, ReadOnlySpan<char> token)
    {
        if (tokens.Find(hostId) is not { } credential || registry.Find(credential.PoolId) is not { } pool)
        {
            return HeartbeatVerdict.UnknownHost;
        }

        if (!HostTokens.Matches(credential, token))
        {
            return HeartbeatVerdict.BadToken;
        }

        return Beat(pool, hostId, LivenessChannel.Agent) == HeartbeatOutcome.Refused ? HeartbeatVerdict.UnknownHost : HeartbeatVerdict.Recorded;
    }

    /// <summary>The beat on the pool; a revival moves a deadline, so the monitor re-plans.</summary>
    private HeartbeatOutcome Beat(Domain.Pools.Pool pool, Guid hostId, LivenessChannel channel)
    {
        var outcome = pool.RecordHeartbeat(hostId, channel).Outcome;
        if (outcome == HeartbeatOutcome.Revived)
        {
            monitor.Wake(pool.Id);
        }

        return outcome;
    }
}
