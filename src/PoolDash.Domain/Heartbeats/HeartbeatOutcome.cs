namespace PoolDash.Domain.Heartbeats;

public enum HeartbeatOutcome
{
    /// <summary>The host was alive; its last-heartbeat time moved on.</summary>
    Recorded,

    /// <summary>The host was Suspect or Dead and is Alive again.</summary>
    Revived,

    /// <summary>Unknown or forgotten host: HOST_UNKNOWN_TO_MASTER.</summary>
    Refused,
}
