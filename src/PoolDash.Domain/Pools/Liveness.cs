namespace PoolDash.Domain.Pools;

public enum Liveness
{
    Alive,
    Suspect,
    Dead,
    Forgotten,
}
