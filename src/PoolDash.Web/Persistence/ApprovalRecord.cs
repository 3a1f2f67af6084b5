namespace PoolDash.Web.Persistence;

/// <summary>A two-person request as stored: the operation in the API's terms, the typed confirmation, and its decision.</summary>
public sealed class ApprovalRecord
{
    public Guid Id { get; set; }

    public Guid PoolId { get; set; }

    public string Operation { get; set; } = "";

    public Guid? HostId { get; set; }

    public Guid? VmId { get; set; }

    public Guid? SrId { get; set; }

    public bool Master { get; set; }

    public string? ConfirmedTargetName { get; set; }

    public string? ConfirmedSrName { get; set; }

    public bool WarningAcknowledged { get; set; }

    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string Status { get; set; } = "";

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
}
