namespace PoolDash.Web.Heartbeats;

public enum HeartbeatVerdict
{
    Recorded,

    /// <summary>Missing or wrong token: 401.</summary>
    BadToken,

    /// <summary>Unknown or forgotten host: 404 HOST_UNKNOWN_TO_MASTER.</summary>
    UnknownHost,
}
