namespace PoolDash.Web.XapiPools;

/// <summary>Where a connected pool's state comes from and how fresh it is, for the pages and the API: the master's
/// address, when the pool was last read, the last error (null while all is well), the hosts XAPI's master reports
/// live, and the hosts whose own XAPI answered the last probe (two of the liveness channels), with when that probe
/// round began; with HA on, XAPI's own count of the host failures the pool tolerates
/// (<c>pool.ha_compute_hypothetical_max_host_failures_to_tolerate</c> over today's protected VMs) and when it said so.</summary>
public sealed record XapiConnectionStatus(string MasterAddress, DateTimeOffset? LastSynchronisedAt, string? LastError, IReadOnlyList<Guid> HostsLiveForXapi,
    IReadOnlyList<Guid>? HostsAnsweringProbe = null, DateTimeOffset? LastProbedAt = null, long? XapiHaTolerates = null, DateTimeOffset? XapiHaAskedAt = null);
