namespace PoolDash.Domain.Events;

/// <summary>The pool has a new master: <c>emergency-transition</c> by an operator or <c>ha-election</c>.</summary>
public sealed record MasterChanged(Guid? OldMasterId, Guid NewMasterId, string Reason) : PoolEvent;
