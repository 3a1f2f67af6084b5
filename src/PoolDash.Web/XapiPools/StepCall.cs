using System.Globalization;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// The XAPI call that carries a PoolDash step out on a connected pool (xapi-wire.md §3): its method, its arguments
/// (objects named by uuid, resolved to the pool's refs when sent), and where it is sent — the master, or for the
/// emergency transition the chosen member's own address with a <c>slave_local</c> session.
/// </summary>
internal sealed record StepCall(string Method, IReadOnlyList<object> Args, Guid? AtHost = null, bool SlaveLocal = false)
{
    /// <summary>An object argument: its class and uuid (the pool's ref is looked up when the call is sent).</summary>
    public sealed record Ref(string Class, Guid Uuid);

    /// <summary>The call for <paramref name="command"/>, or null when it is not sent through the API (resetvdis, see
    /// docs/adr/0006; a join, which happens on the joining host).</summary>
    public static StepCall? For(PoolCommand command) => command switch
    {
        ResetVmPowerState c => new("VM.power_state_reset", [new Ref("VM", c.VmId)]),
        ForgetHost c => new("host.destroy", [new Ref("host", c.HostId)]),
        DeclareHostDead c => new("host.declare_dead", [new Ref("host", c.HostId)]),
        StartVm c => new("VM.start_on", [new Ref("VM", c.VmId), new Ref("host", c.HostId), false, false]),
        ShutdownVm c => new("VM.clean_shutdown", [new Ref("VM", c.VmId)]),
        EmergencyTransitionToMaster c => new("pool.emergency_transition_to_master", [], c.HostId, SlaveLocal: true),
        RecoverSlaves => new("pool.recover_slaves", []),
        EnableHa => new("pool.enable_ha", [Array.Empty<string>(), new Dictionary<string, string>()]),
        DisableHa => new("pool.disable_ha", []),
        _ => null,
    };

    /// <summary>The call as the audit trail records it: method and arguments, objects by name and uuid (never a
    /// credential: sessions are not arguments here).</summary>
    public string Describe(PoolSnapshot pool) =>
        $"{Method}({string.Join(", ", Args.Select(a => a switch
        {
            Ref r => $"{NameOf(pool, r.Uuid)} {r.Uuid}",
            bool b => b ? "true" : "false",
            string[] { Length: 0 } => "[]",
            Dictionary<string, string> { Count: 0 } => "{}",
            _ => Convert.ToString(a, CultureInfo.InvariantCulture),
        }))}){(AtHost is { } host ? $" at {NameOf(pool, host)}'s own address ({(SlaveLocal ? "slave_local session" : "pool session")})" : "")}";

    private static string NameOf(PoolSnapshot pool, Guid id) =>
        pool.Hosts.FirstOrDefault(h => h.Id == id)?.Name ?? pool.Vms.FirstOrDefault(v => v.Id == id)?.Name ?? "";
}
