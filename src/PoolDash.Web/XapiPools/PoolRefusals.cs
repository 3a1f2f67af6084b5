using PoolDash.Domain.Errors;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// The pool's own refusal of a step, as the operator sees it: XAPI's name and parameters unchanged, what it means and
/// what to do next. PoolDash's copy of the pool is not changed by it.
/// </summary>
internal static class PoolRefusals
{
    public const string Unanswered = "XAPI_CALL_UNANSWERED";
    public const string NotSeen = "XAPI_STEP_NOT_SEEN";
    public const string InProgress = "OTHER_OPERATION_IN_PROGRESS";

    public static XapiError Of(XapiException refusal, string call)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var p = refusal.Parameters;
        string At(int i) => i < p.Count ? p[i] : "";
        var (message, next) = refusal.Code switch
        {
            "HOST_IS_LIVE" => ("The pool says the host is live: its master still reaches it.",
                "Be absolutely sure the host is off, then wait until the pool's master reports it not live (host_metrics.live) before declaring it dead or forgetting it."),
            "HA_IS_ENABLED" => ("HA is enabled on the pool.", "Disable HA first (pool-ha-disable), run the step, then re-enable HA."),
            "HA_NOT_ENABLED" => ("HA is not enabled on the pool.", "Nothing to disable."),
            "VM_BAD_POWER_STATE" => ($"The VM is {At(2)} on the pool; the step needs it {At(1)}.",
                "Read the pool again: if its host is dead, reset the VM's power state first."),
            "HOST_NOT_LIVE" => ("The pool says the chosen host is not live.", "Choose a host the pool reports live."),
            "HOST_DISABLED" => ("The chosen host is disabled on the pool (maintenance, or declared dead).", "Choose another host, or enable this one on the pool."),
            "HOST_OFFLINE" => ("The VM's host is offline for the pool.", "If that host is really down, reset the VM's power state instead."),
            "HOST_HAS_RESIDENT_VMS" => ("The pool still has user VMs registered on the host.", "Reset their power state first (vm-reset-powerstate), then forget the host."),
            "CANNOT_RESET_CONTROL_DOMAIN" => ("That VM is a control domain; its power state cannot be reset.", "Reset the user VMs only."),
            "DOMAIN_EXISTS" => ("The VM still runs on the pool master.", "Shut it down instead."),
            "HOST_NOT_ENOUGH_FREE_MEMORY" => ($"The host has {At(1)} bytes free; the VM needs {At(0)}.", "Start it on a host with more free memory."),
            "VM_REQUIRES_SR" => ("The host cannot reach one of the VM's storage repositories.", "Start it on a host that sees that SR."),
            "SR_BACKEND_FAILURE_46" => (At(1).Length > 0 ? At(1) : "The VDI is not available.",
                "A dead host still holds this disk: reset its VMs' power state and release its locks (host-declare-dead, or resetvdis.py on the pool master), then start the VM."),
            "HOST_IS_SLAVE" => ($"The host that was asked is not the pool master (it follows {At(0)}).", "Read the pool again: PoolDash follows the master the members name."),
            "RBAC_PERMISSION_DENIED" => ("The pool account PoolDash connects with may not run this call.", "Connect the pool with an account that has the Pool Operator (or Pool Admin) role."),
            "SESSION_AUTHENTICATION_FAILED" => ("The pool no longer accepts the credentials PoolDash connected with.", "Connect the pool again with the current credentials."),
            _ => ($"The pool refused {call}.", "Check the pool itself (xe, XenCenter or Xen Orchestra) before trying again."),
        };
        return new XapiError(refusal.Code, [.. p], message, next);
    }

    /// <summary>Ours, before an emergency transition: members still reach the master PoolDash cannot.</summary>
    public static XapiError MasterStillReachable(Domain.Snapshots.HostView master, IReadOnlyList<string> members) => new(
        XapiErrorNames.HostIsLive, [master.Id.ToString()],
        $"The pool master {master.Name} still answers its members: {string.Join(", ", members)} {(members.Count == 1 ? "is" : "are")} not in emergency mode. It is cut off from PoolDash, not dead; making another master now would give the pool two.",
        $"Find out why PoolDash cannot reach {master.Name} (network, firewall, its management interface). If it must be replaced, power it off out of band first; the members then go into emergency mode and the transition can run.");

    public static XapiError CallUnanswered(string call, string problem) => new(
        Unanswered, [call],
        $"{call} got no answer from the pool ({problem}); it may or may not have been carried out, and the pool does not show it.",
        "Check the pool itself before doing anything else; PoolDash does not send a step twice on its own. Read the pool again to see whether it happened.");

    public static XapiError NotShown(string call, TimeSpan waited) => new(
        NotSeen, [call],
        $"The pool accepted {call}, but PoolDash has not seen its effect in the pool's state within {waited.TotalSeconds:0} s.",
        "Check the pool, then read it again: the step counts as done as soon as the pool shows it.");

    public static XapiError StepInProgress(string operation, string by, DateTimeOffset since) => new(
        InProgress, [operation, by],
        $"{operation} is in progress: {by} sent it to the pool at {since:HH:mm:ss} UTC and PoolDash is waiting for the pool to show it.",
        "Wait for it: sending the same step twice can do harm.");
}
