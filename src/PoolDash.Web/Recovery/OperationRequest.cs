using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Recovery;

/// <summary>
/// <c>POST /api/v1/pools/{id}/operations</c>: an operation by its <c>xe</c> name, its targets, and for the steps the
/// guide warns about, the typed confirmation.
/// </summary>
public sealed record OperationRequest(
    string Operation,
    Guid? HostId,
    Guid? VmId,
    Guid? SrId,
    bool Master,
    OperationConfirmation? Confirmation)
{
    /// <summary>The domain command, or null with what is missing.</summary>
    public (PoolCommand? Command, string? Problem) ToCommand(Guid poolId) => Operation switch
    {
        Operations.HostForget => Need(HostId, "hostId", id => new ForgetHost(id)),
        Operations.HostDeclareDead => Need(HostId, "hostId", id => new DeclareHostDead(id)),
        Operations.VmResetPowerState => Need(VmId, "vmId", id => new ResetVmPowerState(id)),
        Operations.VmShutdown => Need(VmId, "vmId", id => new ShutdownVm(id)),
        Operations.VmStart => VmId is { } vm && HostId is { } host ? (new StartVm(vm, host), null) : (null, "vm-start needs vmId and hostId"),
        Operations.ResetVdis => HostId is { } h && SrId is { } sr ? (new ResetVdis(h, sr, Master), null) : (null, "resetvdis needs hostId and srId (and master: true only where the host was that SR's master)"),
        Operations.EmergencyTransitionToMaster => Need(HostId, "hostId", id => new EmergencyTransitionToMaster(id)),
        Operations.RecoverSlaves => Need(HostId, "hostId (the new master)", id => new RecoverSlaves(id)),
        Operations.HaEnable => (new EnableHa(poolId), null),
        Operations.HaDisable => (new DisableHa(poolId), null),
        Operations.TwoPersonRuleEnable => (new EnableTwoPersonRule(poolId), null),
        Operations.TwoPersonRuleDisable => (new DisableTwoPersonRule(poolId), null),
        _ => (null, $"unknown operation '{Operation}'; one of: {string.Join(", ", Operations.All.Where(o => o.Name is not Operations.HostJoin and not Operations.PoolCreate and not Operations.HostTokenIssue and not Operations.HostAttestDown and not Operations.IncidentAcknowledge and not Operations.IncidentResolve and not Operations.MaintenanceStart and not Operations.MaintenanceEnd).Select(o => o.Name))}"),
    };

    /// <summary>The request that makes <paramref name="command"/>: how a two-person request is stored.</summary>
    public static OperationRequest Of(PoolCommand command, OperationConfirmation? confirmation) => command switch
    {
        ForgetHost c => new(c.Operation, c.HostId, null, null, false, confirmation),
        DeclareHostDead c => new(c.Operation, c.HostId, null, null, false, confirmation),
        ResetVmPowerState c => new(c.Operation, null, c.VmId, null, false, confirmation),
        ShutdownVm c => new(c.Operation, null, c.VmId, null, false, confirmation),
        StartVm c => new(c.Operation, c.HostId, c.VmId, null, false, confirmation),
        ResetVdis c => new(c.Operation, c.HostId, null, c.SrId, c.Master, confirmation),
        EmergencyTransitionToMaster c => new(c.Operation, c.HostId, null, null, false, confirmation),
        RecoverSlaves c => new(c.Operation, c.MasterId, null, null, false, confirmation),
        EnableHa or DisableHa or EnableTwoPersonRule or DisableTwoPersonRule => new(command.Operation, null, null, null, false, confirmation),
        _ => throw new ArgumentException($"{command.Operation} is not run through the operations API.", nameof(command)),
    };

    private static (PoolCommand?, string?) Need(Guid? id, string field, Func<Guid, PoolCommand> make) =>
        id is { } value ? (make(value), null) : (null, $"{field} is required");
}
