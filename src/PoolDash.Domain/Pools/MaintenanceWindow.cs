namespace PoolDash.Domain.Pools;

/// <summary>Planned silence for one host, or the whole pool (<paramref name="HostId"/> null): who, why, until when.</summary>
public sealed record MaintenanceWindow(Guid Id, Guid? HostId, string Reason, string Owner, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public bool Covers(Guid hostId) => HostId is null || HostId == hostId;
}
