namespace PoolDash.Domain.Recovery;

/// <summary>A command the pool performed: who, when, and the sequence number of its last event.</summary>
public sealed record AppliedCommand(PoolCommand Command, string Actor, DateTimeOffset At, long Sequence);
