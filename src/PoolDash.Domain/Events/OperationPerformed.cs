namespace PoolDash.Domain.Events;

public sealed record OperationPerformed(string Operation, Guid TargetId, string Actor) : PoolEvent;
