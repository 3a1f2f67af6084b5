using PoolDash.Domain.Errors;

namespace PoolDash.Domain.Events;

public sealed record OperationRefused(string Operation, Guid TargetId, string Actor, XapiError Error) : PoolEvent;
