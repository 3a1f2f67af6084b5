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
    /// <summary>A sign of life from a channel PoolDash trusts without a token (XAPI's own liveness, the probe).</summary>
    public void SignOfLife(Domain.Pools.Pool pool, Guid hostId) => Beat(pool, hostId);

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

        return Beat(pool, hostId) == HeartbeatOutcome.Refused ? HeartbeatVerdict.UnknownHost : HeartbeatVerdict.Recorded;
    }

    /// <summary>The beat on the pool; a revival moves a deadline, so the monitor re-plans.</summary>
    private HeartbeatOutcome Beat(Domain.Pools.Pool pool, Guid hostId)
    {
        var outcome = pool.RecordHeartbeat(hostId).Outcome;
        if (outcome == HeartbeatOutcome.Revived)
        {
            monitor.Wake(pool.Id);
        }

        return outcome;
    }
}
