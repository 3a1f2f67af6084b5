using PoolDash.Domain.Heartbeats;
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
    /// <summary>A sign of life from a channel PoolDash trusts without a token (XAPI's own liveness of a connected pool).</summary>
    public void SignOfLife(Domain.Pools.Pool pool, Guid hostId)
    {
        if (pool.RecordHeartbeat(hostId).Outcome == HeartbeatOutcome.Revived)
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

        var result = pool.RecordHeartbeat(hostId);
        switch (result.Outcome)
        {
            case HeartbeatOutcome.Recorded:
                return HeartbeatVerdict.Recorded;
            case HeartbeatOutcome.Revived:
                monitor.Wake(pool.Id);
                return HeartbeatVerdict.Recorded;
            default:
                return HeartbeatVerdict.UnknownHost;
        }
    }
}
