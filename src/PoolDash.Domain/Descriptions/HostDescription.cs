using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Descriptions;

public sealed record HostDescription
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public string Address { get; init; } = "";

    public long MemoryMiB { get; init; }

    public HostRole Role { get; init; } = HostRole.Member;

    /// <summary>Alive or Dead; Suspect is a passing estimate and is restored as Alive.</summary>
    public Liveness Liveness { get; init; } = Liveness.Alive;

    /// <summary>The master a member points at; defaults to the pool master.</summary>
    public Guid? Following { get; init; }

    public DateTimeOffset? LastHeartbeat { get; init; }

    public bool WasPoolMasterWhenDied { get; init; }

    /// <summary>Who vouched that the (dead) host is off, and how; kept only while it is Dead.</summary>
    public HostAttestation? DownAttestation { get; init; }
}
