namespace PoolDash.Web.Audit;

/// <summary>
/// One append-only audit entry. <see cref="Hash"/> covers every other field and the previous entry's hash, so an
/// edited or deleted row breaks the chain at that point (see <see cref="AuditChain"/>).
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>A user's name, <c>operator</c> until sign-in exists, or <c>system</c> for what PoolDash did itself.</summary>
    public string Actor { get; set; } = "";

    /// <summary>Where the attempt came from: <c>web</c>, <c>api</c>, or <c>system</c>.</summary>
    public string Origin { get; set; } = "";

    public Guid? PoolId { get; set; }

    public Guid? ObjectId { get; set; }

    public string Operation { get; set; } = "";

    /// <summary>performed, refused, already-done, or event.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>The XAPI error name of a refusal, or what happened, in words.</summary>
    public string Detail { get; set; } = "";

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}
