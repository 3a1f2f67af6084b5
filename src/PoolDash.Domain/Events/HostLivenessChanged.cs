using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Events;

public sealed record HostLivenessChanged(Guid HostId, Liveness From, Liveness To, string Reason) : PoolEvent;
