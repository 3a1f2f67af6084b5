namespace PoolDash.Domain.Events;

public sealed record TwoPersonRuleChanged(bool Enabled) : PoolEvent;
