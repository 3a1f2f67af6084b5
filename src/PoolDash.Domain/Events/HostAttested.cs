using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Events;

public sealed record HostAttested(Guid HostId, HostAttestation Attestation) : PoolEvent;
