namespace PoolDash.Domain.Recovery;

/// <summary>XenServer's six RBAC roles, in increasing order of power (<c>xe role-list</c>).</summary>
public enum Role
{
    ReadOnly,
    VmOperator,
    VmAdmin,
    VmPowerAdmin,
    PoolOperator,
    PoolAdmin,
}
