using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Web.Persistence;

// The stored form of a pool: one row per object, keyed by (pool, id), so the database can be read and repaired by
// hand in an emergency. These are EF's types only; the domain never sees them.
#pragma warning disable CA1819 // TokenHash is a byte array on purpose: it is what EF maps to a BLOB.

public sealed class PoolRecord
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public Guid MasterId { get; set; }

    public bool HaEnabled { get; set; }

    public double LivenessTimeoutSeconds { get; set; }

    /// <summary>The pool's maintenance windows still to end, as JSON (few, and always read with the pool).</summary>
    public string MaintenanceJson { get; set; } = "[]";

    public double HaTimeoutSeconds { get; set; }

    public bool TwoPersonRule { get; set; }

    public Guid? DefaultSrId { get; set; }
}

public sealed class HostRecord
{
    public Guid PoolId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public long MemoryMiB { get; set; }

    public HostRole Role { get; set; }

    /// <summary>Alive or Dead (Suspect is not stored: it is a passing estimate).</summary>
    public Liveness Liveness { get; set; }

    public Guid? Following { get; set; }

    public DateTimeOffset? LastHeartbeat { get; set; }

    public bool WasPoolMasterWhenDied { get; set; }

    /// <summary>Who vouched that the dead host is off (null: nobody yet), how they checked, and when.</summary>
    public string? AttestedBy { get; set; }

    public string? AttestationMethod { get; set; }

    public string? AttestationNote { get; set; }

    public DateTimeOffset? AttestedAt { get; set; }

    /// <summary>SHA-256 of the host's heartbeat token; the token itself is never stored.</summary>
    public byte[]? TokenHash { get; set; }
}

public sealed class ForgottenHostRecord
{
    public Guid PoolId { get; set; }

    public Guid HostId { get; set; }

    public byte[]? TokenHash { get; set; }
}

public sealed class SrRecord
{
    public Guid PoolId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public bool Shared { get; set; }

    public Guid? OwnerHostId { get; set; }
}

public sealed class VdiRecord
{
    public Guid PoolId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public Guid SrId { get; set; }

    public Guid? PausedBy { get; set; }

    public Guid? ActivatingBy { get; set; }
}

public sealed class AttachKeyRecord
{
    public Guid PoolId { get; set; }

    public Guid VdiId { get; set; }

    public Guid HostId { get; set; }

    public AttachMode Mode { get; set; }
}

public sealed class VmRecord
{
    public Guid PoolId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public long MemoryMiB { get; set; }

    public PowerState PowerState { get; set; }

    public Guid? ResidentOn { get; set; }

    public HaRestartPriority HaPriority { get; set; }

    public bool IsControlDomain { get; set; }

    public Guid? DisplacedFrom { get; set; }
}

public sealed class VmDiskRecord
{
    public Guid PoolId { get; set; }

    public Guid VmId { get; set; }

    public int Position { get; set; }

    public Guid VdiId { get; set; }

    public AttachMode Mode { get; set; }
}
