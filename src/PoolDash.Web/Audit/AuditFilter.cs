namespace PoolDash.Web.Audit;

/// <summary>Which audit entries to show: by pool, actor, object and time (each optional). The API and the page share it.</summary>
public sealed record AuditFilter(Guid? PoolId, string? Actor, Guid? ObjectId, DateTimeOffset? From, DateTimeOffset? To)
{
    public IEnumerable<AuditRecord> Apply(IEnumerable<AuditRecord> entries) =>
        entries.Where(e => (PoolId is null || e.PoolId == PoolId)
            && (string.IsNullOrWhiteSpace(Actor) || e.Actor == Actor.Trim())
            && (ObjectId is null || e.ObjectId == ObjectId)
            && (From is null || e.At >= From)
            && (To is null || e.At <= To));
}
