namespace PoolDash.Domain.Recovery;

/// <param name="TargetName">The exact name of the target (the host's, or the VM's) as PoolDash shows it.</param>
/// <param name="SrName">For resetvdis: the exact name of the SR whose locks are released.</param>
/// <param name="AcknowledgeWarning">That the guide's warning for this step was read.</param>
/// <param name="AcknowledgeHaPlan">For a step that lowers the HA plan: that what it costs was read.</param>
public sealed record OperationConfirmation(string? TargetName, string? SrName, bool AcknowledgeWarning, bool AcknowledgeHaPlan = false);
