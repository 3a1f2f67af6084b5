using PoolDash.Domain.Events;

namespace PoolDash.Domain.Heartbeats;

/// <param name="Events">The verdicts reached (and what HA did about them).</param>
/// <param name="NextDueAt">The earliest moment any host's liveness can next change if nobody reports; null when
/// no host is waiting on a deadline.</param>
public sealed record SweepResult(IReadOnlyList<PoolEvent> Events, DateTimeOffset? NextDueAt);
