namespace PoolDash.Domain.Recovery;

public enum ApprovalStatus
{
    Pending,
    Approved,
    Cancelled,
    Expired,
}
