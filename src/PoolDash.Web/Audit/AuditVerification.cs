namespace PoolDash.Web.Audit;

/// <param name="FirstBrokenId">The first entry whose content or link to its predecessor no longer holds.</param>
public sealed record AuditVerification(bool Intact, int Entries, long? FirstBrokenId, string Message);
