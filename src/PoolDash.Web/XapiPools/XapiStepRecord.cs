namespace PoolDash.Web.XapiPools;

/// <summary>
/// A step sent to a connected pool, stored before the call goes out: if PoolDash stops before the pool has shown
/// the step's effect, the next start finds it still "sent" and lets the pool's state decide whether it happened.
/// The command is kept as the operations API would name it.
/// </summary>
public sealed class XapiStepRecord
{
    public const string Sent = "sent";
    public const string NotSeen = "not-seen";
    public const string Done = "done";
    public const string Refused = "refused";

    /// <summary>Not seen, and an operator checked the pool and says it did not happen: no longer waited for.</summary>
    public const string Dismissed = "dismissed";

    public Guid Id { get; set; }

    public Guid PoolId { get; set; }

    public string Operation { get; set; } = "";

    public Guid? HostId { get; set; }

    public Guid? VmId { get; set; }

    public Guid? SrId { get; set; }

    public bool Master { get; set; }

    public string Actor { get; set; } = "";

    public string Origin { get; set; } = "";

    /// <summary>The XAPI call as the audit trail records it.</summary>
    public string Call { get; set; } = "";

    public DateTimeOffset SentAt { get; set; }

    public string Status { get; set; } = Sent;
}
