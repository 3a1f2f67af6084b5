namespace PoolDash.Domain.Errors;

/// <summary>The wire names of the refusals PoolDash gives: XAPI's own where XAPI has one, ours (marked) where not.</summary>
public static class XapiErrorNames
{
    public const string HostIsLive = "HOST_IS_LIVE";
    public const string HostHasResidentVms = "HOST_HAS_RESIDENT_VMS";
    public const string HaIsEnabled = "HA_IS_ENABLED";
    public const string HaNotEnabled = "HA_NOT_ENABLED";
    public const string CannotResetControlDomain = "CANNOT_RESET_CONTROL_DOMAIN";
    public const string VmBadPowerState = "VM_BAD_POWER_STATE";
    public const string HostOffline = "HOST_OFFLINE";
    public const string HostNotLive = "HOST_NOT_LIVE";
    public const string HostNotEnoughFreeMemory = "HOST_NOT_ENOUGH_FREE_MEMORY";
    public const string SrBackendFailure46 = "SR_BACKEND_FAILURE_46";
    public const string VmRequiresSr = "VM_REQUIRES_SR";
    public const string CannotCreateStateFile = "CANNOT_CREATE_STATE_FILE";
    public const string HostUnknownToMaster = "HOST_UNKNOWN_TO_MASTER";
    public const string UuidInvalid = "UUID_INVALID";
    public const string HostIsSlave = "HOST_IS_SLAVE";
    public const string SessionAuthenticationFailed = "SESSION_AUTHENTICATION_FAILED";
    public const string SessionInvalid = "SESSION_INVALID";
    public const string InvalidValue = "INVALID_VALUE";

    /// <summary>Ours: emergency transition asked of the host that already is master.</summary>
    public const string HostIsMaster = "HOST_IS_MASTER";

    /// <summary>Ours: resetvdis with <c>master</c> for a host that was not that SR's master.</summary>
    public const string SrMasterMismatch = "SR_MASTER_MISMATCH";

    /// <summary>Ours: join with the id of a host already in the pool.</summary>
    public const string JoiningHostAlreadyInPool = "JOINING_HOST_ALREADY_IN_POOL";

    /// <summary>Ours: join with the id of a forgotten host; the guide says to reinstall (a new id).</summary>
    public const string JoiningHostWasForgotten = "JOINING_HOST_WAS_FORGOTTEN";

    /// <summary>Ours: a pool created with the id of one PoolDash already has.</summary>
    public const string PoolAlreadyExists = "POOL_ALREADY_EXISTS";

    /// <summary>Ours: a pool description with problems (each listed in the answer).</summary>
    public const string InvalidPoolDescription = "INVALID_POOL_DESCRIPTION";

    /// <summary>XAPI's refusal when the caller's role lacks the permission: params [permission, message].</summary>
    public const string RbacPermissionDenied = "RBAC_PERMISSION_DENIED";

    /// <summary>Ours: a dangerous step without the typed confirmation (target name, SR name, warning acknowledged).</summary>
    public const string ConfirmationRequired = "CONFIRMATION_REQUIRED";

    /// <summary>Ours: the step waits for a second Pool Admin (the pool's two-person rule).</summary>
    public const string ApprovalPending = "APPROVAL_PENDING";

    /// <summary>Ours: the approval was already decided (approved, cancelled, expired): an approval is used once.</summary>
    public const string ApprovalNotPending = "APPROVAL_NOT_PENDING";

    /// <summary>Ours: the approval's time ran out before a second Pool Admin approved it.</summary>
    public const string ApprovalExpired = "APPROVAL_EXPIRED";

    /// <summary>Ours: the requester tried to approve their own request.</summary>
    public const string ApprovalBySelf = "APPROVAL_BY_REQUESTER";

    /// <summary>Ours: only the requester can cancel a pending request.</summary>
    public const string ApprovalCancelByOther = "APPROVAL_CANCEL_BY_OTHER";
}
