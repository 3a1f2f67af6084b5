namespace PoolDash.Domain.Events;

/// <summary>pool-recover-slaves: these members now point at the master; <see cref="StillWaiting"/> could not be reached.</summary>
public sealed record MembersRecovered(Guid MasterId, IReadOnlyList<Guid> Recovered, IReadOnlyList<Guid> StillWaiting) : PoolEvent;
