namespace PoolDash.Domain.Pools;

public enum Liveness
{
    Alive,
    Suspect,
    Dead,
    Forgotten,

    /// <summary>Running, but the channels disagree: silent to PoolDash while the pool master still reports it live, or
    /// heard by PoolDash while the master has given up on it. Never Dead, and no destructive step acts on it.
    /// (Last in the enum: stored values of the others keep their numbers.)</summary>
    Isolated,
}
