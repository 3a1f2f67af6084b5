using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Errors;

/// <summary>Builds each refusal with XAPI's parameters and the guide's advice on what to do next.</summary>
public static partial class Xapi
{
    internal static XapiError HostIsLive(HostState host, bool isMaster) => new(
        XapiErrorNames.HostIsLive,
        [host.Id.ToString()],
        isMaster
            ? $"Host {host.Name} is the pool master."
            : $"Host {host.Name} is {(host.Liveness == Liveness.Isolated ? "isolated, not dead" : "live")}: {SeenBy(host)}.",
        isMaster
            ? "The master cannot be forgotten or declared dead. If it has failed, wait for the verdict and transition a member to master (pool-emergency-transition-to-master)."
            : host.Liveness == Liveness.Isolated
                ? "An isolated host still runs its VMs and writes to their disks. Find out why the channels disagree (network, the management interface), power the host off out of band if it must go, and act once every channel is silent."
                : "Be absolutely sure the host is down (power it off), then wait for it to be declared dead or use host-declare-dead.");

    /// <summary>Which channels still see the host, each with its last sign of life: the reason a step waits.</summary>
    internal static string SeenBy(HostState host)
    {
        var seen = new List<string>();
        if (host.MasterView == MasterView.Live)
        {
            seen.Add("the pool master still reports it live (host_metrics.live)");
        }

        if (host.Liveness is Liveness.Alive or Liveness.Isolated or Liveness.Suspect)
        {
            if (host.AgentTicks > 0)
            {
                seen.Add($"its agent's last heartbeat came at {Clock(host.AgentTicks)}");
            }

            if (host.ProbeTicks > 0)
            {
                seen.Add($"its own XAPI last answered PoolDash's probe at {Clock(host.ProbeTicks)}");
            }

            if (host.AgentTicks == 0 && host.ProbeTicks == 0 && host.LastHeartbeatTicks > 0)
            {
                seen.Add($"its last heartbeat came at {Clock(host.LastHeartbeatTicks)}");
            }
        }

        if (host.MasterView == MasterView.NotLive && host.Liveness == Liveness.Isolated)
        {
            seen.Add("the pool master has given up on it, but PoolDash still hears it");
        }

        return seen.Count == 0 ? "its heartbeats are still arriving" : string.Join("; ", seen);
    }

    private static string Clock(long ticks) =>
        new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    internal static XapiError MasterOffline(HostState master) => new(
        XapiErrorNames.HostOffline,
        [master.Id.ToString()],
        $"The pool master {master.Name} is not live; the pool cannot be managed until it has a live master.",
        "Wait for the master to return, or run pool-emergency-transition-to-master on a live member and then pool-recover-slaves.");

    public static XapiError HaIsEnabled() => new(
        XapiErrorNames.HaIsEnabled,
        [],
        "The operation cannot be performed because HA is enabled on the pool.",
        "Disable HA first (pool-ha-disable), perform the operation, then re-enable HA.");

    public static XapiError HaNotEnabled() => new(
        XapiErrorNames.HaNotEnabled,
        [],
        "HA is not enabled on the pool.",
        "Nothing to disable.");

    internal static XapiError HostHasResidentVms(HostState host, int count) => new(
        XapiErrorNames.HostHasResidentVms,
        [host.Id.ToString()],
        $"Host {host.Name} cannot be forgotten because there are user VMs still running ({count}).",
        "Reset the power state of those VMs first (vm-reset-powerstate --force), then forget the host.");

    internal static XapiError CannotResetControlDomain(VmState vm) => new(
        XapiErrorNames.CannotResetControlDomain,
        [vm.Id.ToString()],
        $"{vm.Name} is a control domain; its power state cannot be reset.",
        "Reset the user VMs only; the control domain goes with its host.");

    internal static XapiError VmBadPowerState(VmState vm, PowerState expected) => new(
        XapiErrorNames.VmBadPowerState,
        [vm.Id.ToString(), Lower(expected), Lower(vm.PowerState)],
        $"VM {vm.Name} is {Lower(vm.PowerState)}; the operation needs it {Lower(expected)}.",
        expected == PowerState.Halted
            ? "Shut the VM down first, or if its host is dead, reset its power state (vm-reset-powerstate --force)."
            : "The VM is not running; nothing to do.");

    internal static XapiError HostOffline(HostState host) => new(
        XapiErrorNames.HostOffline,
        [host.Id.ToString()],
        $"Host {host.Name} is offline.",
        host.Liveness == Liveness.Dead
            ? "Its VMs cannot be reached: if the host is really down, reset their power state (vm-reset-powerstate --force)."
            : "Bring the host back, then retry.");

    internal static XapiError HostNotLive(HostState host) => new(
        XapiErrorNames.HostNotLive,
        [],
        $"Host {host.Name} is not live.",
        "Choose a live host to start the VM on.");

    internal static XapiError HostNotEnoughFreeMemory(HostState host, long neededMiB, long availableMiB) => new(
        XapiErrorNames.HostNotEnoughFreeMemory,
        [(neededMiB * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), (availableMiB * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)],
        $"Host {host.Name} has {availableMiB} MiB free; the VM needs {neededMiB} MiB.",
        "Start the VM on a host with more free memory, or stop another VM first.");

    /// <summary>The storage layer's refusal, in the exact words the guide quotes.</summary>
    internal static XapiError VdiNotAvailable(VdiState vdi, string reason) => new(
        XapiErrorNames.SrBackendFailure46,
        ["", $"The VDI is not available [opterr=VDI {vdi.Id} {reason}]", ""],
        $"The VDI is not available [opterr=VDI {vdi.Id} {reason}]",
        reason.StartsWith("locked", StringComparison.Ordinal)
            ? "The SR master died during an operation on this disk: run resetvdis.py for the dead SR master on this SR with master (the guide's third argument)."
            : "A dead host still holds this disk: make sure it is down, reset its VMs' power state, then run resetvdis.py for that host on this SR.");

    internal static XapiError VmRequiresSr(VmState vm, SrState sr) => new(
        XapiErrorNames.VmRequiresSr,
        [vm.Id.ToString(), sr.Id.ToString()],
        $"VM {vm.Name} has a disk on {sr.Name}, local storage of another host.",
        "Start the VM on the host that owns that SR, or repair that host.");

    public static XapiError CannotCreateStateFile() => new(
        XapiErrorNames.CannotCreateStateFile,
        [],
        "HA needs a shared SR for its statefile and the pool has none.",
        "Add shared storage to the pool, then enable HA.");

    public static XapiError HostUnknownToMaster(Guid hostId) => new(
        XapiErrorNames.HostUnknownToMaster,
        [hostId.ToString()],
        "The master says the host is not known to it. Perhaps the Host was deleted from the master's database?",
        "A forgotten host can only come back by a fresh installation and a join with a new id.");

    public static XapiError UuidInvalid(string kind, Guid id) => new(
        XapiErrorNames.UuidInvalid,
        [kind, id.ToString()],
        $"There is no {kind} with id {id} in this pool.",
        "Check the id; the object may have been forgotten or removed.");

    internal static XapiError HostIsSlave(HostState master) => new(
        XapiErrorNames.HostIsSlave,
        [master.Address],
        "You cannot make regular API calls directly on a slave. Please pass API calls via the master host.",
        $"Run it on the pool master, {master.Name}.");

    public static XapiError InvalidValue(string field, string value) => new(
        XapiErrorNames.InvalidValue,
        [field, value],
        $"The value given for {field} is invalid: {value}.",
        "Correct the value and try again.");

    internal static XapiError HostIsMaster(HostState host) => new(
        XapiErrorNames.HostIsMaster,
        [host.Id.ToString()],
        $"Host {host.Name} is already the pool master.",
        "Run pool-recover-slaves on it so the members point at it.");

    internal static XapiError SrMasterMismatch(HostState host, SrState sr) => new(
        XapiErrorNames.SrMasterMismatch,
        [host.Id.ToString(), sr.Id.ToString()],
        $"Host {host.Name} was not the SR master of {sr.Name}; resetvdis with master would clear the flags of the real SR master and can corrupt data.",
        "Run resetvdis.py for this host on this SR without master.");

    public static XapiError JoiningHostAlreadyInPool(Guid id) => new(
        XapiErrorNames.JoiningHostAlreadyInPool,
        [id.ToString()],
        $"A host with id {id} is already in the pool.",
        "A host joins once; give a new host a new id.");

    public static XapiError JoiningHostWasForgotten(Guid id) => new(
        XapiErrorNames.JoiningHostWasForgotten,
        [id.ToString()],
        $"Host {id} was forgotten and can never come back under the same id.",
        "Perform a fresh installation of the host; it joins with a new id.");

    private static string Lower(PowerState state) => state.ToString().ToLowerInvariant();
}
