using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;

namespace PoolDash.Domain.Heartbeats;

/// <summary>A value type, so the hot path (<see cref="HeartbeatOutcome.Recorded"/>) allocates nothing.</summary>
public readonly record struct HeartbeatResult(HeartbeatOutcome Outcome, IReadOnlyList<PoolEvent> Events, XapiError? Error)
{
    public static HeartbeatResult Recorded { get; } = new(HeartbeatOutcome.Recorded, [], null);
}
