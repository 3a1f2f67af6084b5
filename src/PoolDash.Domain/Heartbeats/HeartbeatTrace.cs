namespace PoolDash.Domain.Heartbeats;

/// <summary>
/// A host's last hour on each channel PoolDash times itself, beside the lines its liveness is judged by: when it
/// turns Suspect (learnt from its own rhythm; null until there is one) and when Dead (the pool's timeout).
/// </summary>
public sealed record HeartbeatTrace(
    Guid HostId,
    DateTimeOffset At,
    IReadOnlyList<BeatMinute> Agent,
    IReadOnlyList<BeatMinute> Probe,
    TimeSpan? SuspectAfter,
    TimeSpan DeadAfter);
