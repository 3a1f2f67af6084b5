namespace PoolDash.Domain.Pools;

public enum HostRole
{
    Member,
    Master,
}
