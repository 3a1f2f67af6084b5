namespace PoolDash.Web.Audit;

/// <summary>An audit entry before the store places it in the chain.</summary>
internal sealed record AuditDraft(
    DateTimeOffset At,
    string Actor,
    string Origin,
    Guid? PoolId,
    Guid? ObjectId,
    string Operation,
    string Outcome,
    string Detail);
