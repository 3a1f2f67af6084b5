namespace PoolDash.Web.Audit;

/// <summary>The audit trail's outcomes: the one vocabulary that writers use and readers (the timeline, filters) match.</summary>
internal static class AuditOutcomes
{
    public const string Performed = "performed";
    public const string AlreadyDone = "already-done";
    public const string Refused = "refused";
    public const string Event = "event";
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";

    /// <summary>A step sent to a connected pool; its end (performed, refused, not-seen) is a later entry.</summary>
    public const string Sent = "sent";

    /// <summary>Sent to a connected pool, which did not show its effect in time (or the call got no answer).</summary>
    public const string NotSeen = "not-seen";

    /// <summary>The operation recorded for a refused approval or withdrawal of a request that does not exist.</summary>
    public const string Approve = "approve";
}
