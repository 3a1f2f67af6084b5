namespace PoolDash.Domain.Recovery;

public enum RecoveryStepKind
{
    ConfirmDown,
    ResetPowerState,
    ResetVdis,
    StartVms,
    RepairOrForget,
}
