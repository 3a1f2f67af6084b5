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
        _ => (null, $"unknown operation '{Operation}'; one of: {string.Join(", ", Operations.All.Where(o => o.Name != Operations.HostJoin).Select(o => o.Name))}"),
    };

    private static (PoolCommand?, string?) Need(Guid? id, string field, Func<Guid, PoolCommand> make) =>
        id is { } value ? (make(value), null) : (null, $"{field} is required");
}
