using System.Globalization;
using PoolDash.XapiEmulator.Database;
using PoolDash.XapiEmulator.Drills;
using PoolDash.XapiEmulator.Rpc;

namespace PoolDash.XapiEmulator.Api;

/// <summary>
/// The recovery calls as XAPI makes them (xapi-wire.md §3): each call's checks in XAPI's order with XAPI's errors and
/// parameters, then its effects on the database, which reach every <c>event.from</c> caller. The master runs them;
/// a member answers <c>HOST_IS_SLAVE</c> except for the emergency calls, which it takes with a <c>slave_local</c>
/// session at its own address.
/// </summary>
internal sealed partial class XapiApi
{
    private static readonly string[] RecoveryMethods =
    [
        "VM.power_state_reset", "VM.start_on", "VM.clean_shutdown", "VM.hard_shutdown", "host.destroy", "host.declare_dead",
        "host.is_in_emergency_mode", "pool.emergency_transition_to_master", "pool.emergency_reset_master", "pool.recover_slaves",
        "pool.enable_ha", "pool.disable_ha", "VDI.remove_from_sm_config", "pool.ha_compute_hypothetical_max_host_failures_to_tolerate",
    ];

    private bool RecoveryCall(string method, List<object?> args, Session session, string hostRef, out object? answer)
    {
        answer = "";
        switch (method)
        {
            case "pool.emergency_transition_to_master":
                Count(method, args, 0, 0);
                EmergencyTransition(hostRef);
                return true;
            case "pool.emergency_reset_master":
                Count(method, args, 1, 1);
                EmergencyResetMaster(hostRef, XapiValues.String(args, 0, method));
                return true;
            case "host.is_in_emergency_mode":
                Count(method, args, 0, 0);
                // A member whose master does not answer it (powered off, cut from the members, restarting) is on its own.
                answer = !pool.ActsAsMaster(hostRef) && !conditions.HeardByMaster(pool.MasterOf(hostRef));
                return true;
        }

        if (!RecoveryMethods.Contains(method))
        {
            return false;
        }

        if (hostRef != pool.MasterRef || session.SlaveLocal)
        {
            // Only the master runs pool operations; a member's local session is for the emergency calls.
            throw new XapiFault("HOST_IS_SLAVE", pool.AddressOf(pool.MasterOf(hostRef)));
        }

        switch (method)
        {
            case "VM.power_state_reset":
                Count(method, args, 1, 1);
                PowerStateReset(Ref(XapiClasses.Vm, args, 0, method));
                return true;
            case "VM.start_on":
                Count(method, args, 4, 4);
                StartOn(Ref(XapiClasses.Vm, args, 0, method), Ref(XapiClasses.Host, args, 1, method));
                return true;
            case "VM.clean_shutdown" or "VM.hard_shutdown":
                Count(method, args, 1, 1);
                Shutdown(Ref(XapiClasses.Vm, args, 0, method));
                return true;
            case "host.destroy":
                Count(method, args, 1, 1);
                Destroy(Ref(XapiClasses.Host, args, 0, method));
                return true;
            case "host.declare_dead":
                Count(method, args, 1, 1);
                DeclareDead(Ref(XapiClasses.Host, args, 0, method));
                return true;
            case "pool.recover_slaves":
                Count(method, args, 0, 0);
                answer = RecoverSlaves(hostRef);
                return true;
            case "pool.ha_compute_hypothetical_max_host_failures_to_tolerate":
                Count(method, args, 1, 1);
                answer = HypotheticalFailuresToTolerate(args[0] as IReadOnlyDictionary<string, object?>
                    ?? throw new XapiFault("FIELD_TYPE_ERROR", $"{method} parameter 0"));
                return true;
            case "pool.enable_ha":
                Count(method, args, 2, 2);
                EnableHa();
                return true;
            case "pool.disable_ha":
                Count(method, args, 0, 0);
                SetPool("ha_enabled", Flag("ha_enabled") ? false : throw new XapiFault("HA_NOT_ENABLED"));
                return true;
            case "VDI.remove_from_sm_config":
                Count(method, args, 2, 2);
                var vdi = Ref(XapiClasses.Vdi, args, 0, method);
                var key = XapiValues.String(args, 1, method);
                Db.Modify(XapiClasses.Vdi, vdi, r => ((Dictionary<string, object?>)r["sm_config"]!).Remove(key));
                return true;
        }

        return false;
    }

    /// <summary>XAPI's <c>is_host_alive</c>: <c>live=false</c> is dead without asking; otherwise the master asks the
    /// host, and a host that does not answer it is dead too.</summary>
    private bool IsAlive(string hostRef) =>
        Db.Record(XapiClasses.HostMetrics, Text(XapiClasses.Host, hostRef, "metrics"))["live"] is true && conditions.HeardByMaster(hostRef);

    /// <summary><c>VM.power_state_reset</c>: Halted in the database only; the VDI keys stay (xapi_vm.ml L451–518).</summary>
    private void PowerStateReset(string vm)
    {
        var record = Db.Record(XapiClasses.Vm, vm);
        if (record["is_control_domain"] is true)
        {
            throw new XapiFault("CANNOT_RESET_CONTROL_DOMAIN", vm);
        }

        if (record["power_state"] is "Running" or "Paused" && record["resident_on"] is string resident && resident != XapiClasses.NullRef)
        {
            if (resident == pool.MasterRef)
            {
                throw new XapiFault("DOMAIN_EXISTS", vm);
            }

            if (IsAlive(resident))
            {
                throw new XapiFault("HOST_IS_LIVE", resident);
            }
        }

        Halt(vm, releaseKeys: false);
    }

    /// <summary><c>VM.start_on</c>: the power state first, then <c>assert_can_boot_here</c>, then the storage layer's
    /// activation of each disk (SR_BACKEND_FAILURE_46 while another host holds it).</summary>
    private void StartOn(string vm, string host)
    {
        var record = Db.Record(XapiClasses.Vm, vm);
        if (record["power_state"] is not "Halted")
        {
            throw new XapiFault("VM_BAD_POWER_STATE", vm, "halted", ((string)record["power_state"]!).ToLowerInvariant());
        }

        if (!IsAlive(host))
        {
            throw new XapiFault("HOST_NOT_LIVE");
        }

        if (Db.Record(XapiClasses.Host, host)["enabled"] is not true)
        {
            throw new XapiFault("HOST_DISABLED", host);
        }

        var disks = Disks(vm);
        foreach (var (_, vdi, _) in disks)
        {
            var sr = Text(XapiClasses.Vdi, vdi, "SR");
            if (!Db.Records(XapiClasses.Pbd).Values.Cast<Dictionary<string, object?>>().Any(p => p["SR"] as string == sr && p["host"] as string == host))
            {
                throw new XapiFault("VM_REQUIRES_SR", vm, sr);
            }
        }

        var needed = (long)record["memory_static_max"]!;
        var free = FreeMemory(host);
        if (free < needed)
        {
            throw new XapiFault("HOST_NOT_ENOUGH_FREE_MEMORY", Number(needed), Number(free));
        }

        foreach (var (_, vdi, mode) in disks)
        {
            var sm = (Dictionary<string, object?>)Db.Record(XapiClasses.Vdi, vdi)["sm_config"]!;
            var uuid = Text(XapiClasses.Vdi, vdi, "uuid");
            foreach (var (key, value) in sm.Where(k => k.Key.StartsWith("host_", StringComparison.Ordinal) && k.Key != $"host_{host}"))
            {
                if (value is "RW" || mode == "RW")
                {
                    throw new XapiFault("SR_BACKEND_FAILURE_46", "", $"The VDI is not available [opterr=VDI {uuid} already attached {value}]", "");
                }
            }

            if (sm.ContainsKey("paused") || sm.ContainsKey("activating"))
            {
                throw new XapiFault("SR_BACKEND_FAILURE_46", "", $"The VDI is not available [opterr=VDI {uuid} locked]", "");
            }
        }

        foreach (var (vbd, vdi, mode) in disks)
        {
            Db.Modify(XapiClasses.Vdi, vdi, r => ((Dictionary<string, object?>)r["sm_config"]!)[$"host_{host}"] = mode);
            Db.Modify(XapiClasses.Vbd, vbd, r => r["currently_attached"] = true);
        }

        Db.Modify(XapiClasses.Vm, vm, r =>
        {
            r["power_state"] = "Running";
            r["resident_on"] = host;
            r["domid"] = 1L;
        });
        Db.Modify(XapiClasses.Host, host, r => ((List<object?>)r["resident_VMs"]!).Add(vm));
    }

    /// <summary><c>VM.clean_shutdown</c> / <c>hard_shutdown</c>: the VM halts on its host, which releases its disks.</summary>
    private void Shutdown(string vm)
    {
        var record = Db.Record(XapiClasses.Vm, vm);
        if (record["power_state"] is not ("Running" or "Paused"))
        {
            throw new XapiFault("VM_BAD_POWER_STATE", vm, "running", ((string)record["power_state"]!).ToLowerInvariant());
        }

        if (record["resident_on"] is string host && host != XapiClasses.NullRef && !IsAlive(host) && host != pool.MasterRef)
        {
            throw new XapiFault("HOST_OFFLINE", host);
        }

        Halt(vm, releaseKeys: true);
    }

    /// <summary><c>host.destroy</c> (xe host-forget): liveness, HA, resident VMs, in that order; then the
    /// declare-dead hooks (resetvdis without master on every SR the host has a PBD for) and the host's records go.</summary>
    private void Destroy(string host)
    {
        if (host == pool.MasterRef || IsAlive(host))
        {
            throw new XapiFault("HOST_IS_LIVE", host);
        }

        if (Flag("ha_enabled"))
        {
            throw new XapiFault("HA_IS_ENABLED");
        }

        if (Resident(host).Any(vm => Db.Record(XapiClasses.Vm, vm)["is_control_domain"] is not true))
        {
            throw new XapiFault("HOST_HAS_RESIDENT_VMS", host);
        }

        ResetVdisHook(host);
        var record = Db.Record(XapiClasses.Host, host);
        foreach (var pbd in (List<object?>)record["PBDs"]!)
        {
            var sr = Text(XapiClasses.Pbd, (string)pbd!, "SR");
            Db.Modify(XapiClasses.Sr, sr, r => ((List<object?>)r["PBDs"]!).Remove(pbd));
            Db.Remove(XapiClasses.Pbd, (string)pbd!);
        }

        foreach (var dom0 in Resident(host))
        {
            RemoveVm(dom0);
        }

        Db.Remove(XapiClasses.Host, host);
        Db.Remove(XapiClasses.HostMetrics, (string)record["metrics"]!);
    }

    /// <summary><c>host.declare_dead</c>: the liveness check (no HA check), every resident VM reset, the host
    /// disabled and marked dead, then the post-declare-dead hook's resetvdis on its SRs.</summary>
    private void DeclareDead(string host)
    {
        if (host == pool.MasterRef || IsAlive(host))
        {
            throw new XapiFault("HOST_IS_LIVE", host);
        }

        foreach (var vm in Resident(host).Where(vm => Db.Record(XapiClasses.Vm, vm)["is_control_domain"] is not true).ToList())
        {
            Halt(vm, releaseKeys: false);
        }

        Db.Modify(XapiClasses.Host, host, r => r["enabled"] = false);
        Db.Modify(XapiClasses.HostMetrics, Text(XapiClasses.Host, host, "metrics"), r => r["live"] = false);
        ResetVdisHook(host);
    }

    /// <summary>At a member's own address: it answers, then after the fuse time restarts its xapi as master
    /// (xapi_pool.ml L2203–2206). The members it does not tell keep following the old master.</summary>
    private void EmergencyTransition(string host)
    {
        if (Flag("ha_enabled"))
        {
            throw new XapiFault("HA_IS_ENABLED");
        }

        if (host == pool.MasterRef)
        {
            // Already master: nothing to do (XAPI answers as for any transition, and restarts).
            return;
        }

        // An old master that still runs (cut off from PoolDash, not from its members) is not stopped by this: two masters.
        var old = pool.MasterRef;
        conditions.Restart(host, options.RestartDelay, time, () => pool.Promote(host, conditions.Of(old) is HostCondition.Running or HostCondition.CutOff));
    }

    private void EmergencyResetMaster(string host, string masterAddress)
    {
        if (Flag("ha_enabled"))
        {
            throw new XapiFault("HA_IS_ENABLED");
        }

        var master = Db.Refs(XapiClasses.Host).FirstOrDefault(h => Text(XapiClasses.Host, h, "address") == masterAddress)
            ?? throw new XapiFault("HOST_NOT_LIVE");
        pool.Follow(host, master);
    }

    /// <summary>On the new master: <c>emergency_reset_master</c> on every other host, errors ignored; the hosts that
    /// accepted (those that answer it) come back.</summary>
    private List<object?> RecoverSlaves(string master)
    {
        var accepted = new List<object?>();
        foreach (var host in Db.Refs(XapiClasses.Host).Where(h => h != master))
        {
            if (conditions.HeardByMaster(host))
            {
                pool.Follow(host, master);
                accepted.Add(host);
            }
        }

        return accepted;
    }

    private void EnableHa()
    {
        if (Flag("ha_enabled"))
        {
            throw new XapiFault("HA_IS_ENABLED");
        }

        if (Db.Refs(XapiClasses.Host).FirstOrDefault(h => !IsAlive(h) && h != pool.MasterRef) is { } offline)
        {
            throw new XapiFault("HOST_OFFLINE", offline);
        }

        SetPool("ha_enabled", true);
    }

    /// <summary>HA fences a host it lost (reason <c>fenced</c>): its VMs reset, its keys cleared by the hook, then the
    /// protected VMs (<c>restart</c> before <c>best-effort</c>) started on the live host with the most free memory that
    /// can take them; one that fits nowhere stays halted.</summary>
    public void Fence(string host)
    {
        var displaced = Resident(host).Where(vm => Db.Record(XapiClasses.Vm, vm)["is_control_domain"] is not true).ToList();
        foreach (var vm in displaced)
        {
            Halt(vm, releaseKeys: false);
        }

        ResetVdisHook(host);
        foreach (var vm in displaced.Where(v => Db.Record(XapiClasses.Vm, v)["ha_restart_priority"] is "restart" or "best-effort")
                     .OrderBy(v => Db.Record(XapiClasses.Vm, v)["ha_restart_priority"] is "restart" ? 0 : 1))
        {
            var targets = Db.Refs(XapiClasses.Host).Where(h => h != host && IsAlive(h))
                .OrderByDescending(FreeMemory).ThenBy(h => Text(XapiClasses.Host, h, "uuid"), StringComparer.Ordinal);
            foreach (var target in targets)
            {
                try
                {
                    StartOn(vm, target);
                    break;
                }
                catch (XapiFault)
                {
                    // Not there: the next host.
                }
            }
        }
    }

    /// <summary>
    /// <c>pool.ha_compute_hypothetical_max_host_failures_to_tolerate</c>: how many live hosts may fail with every VM the
    /// configuration marks <c>restart</c> still placed, by XAPI's kind of estimate (not PoolDash's): the hosts carrying
    /// the most protected memory fail first, and their VMs go first-fit, largest first, onto the survivors' free memory.
    /// Memory only: where a VM's disks are is not weighed.
    /// </summary>
    private long HypotheticalFailuresToTolerate(IReadOnlyDictionary<string, object?> configuration)
    {
        var live = Db.Refs(XapiClasses.Host).Where(IsAlive).ToList();
        var protectedOn = live.ToDictionary(h => h, h => Resident(h)
            .Where(vm => configuration.TryGetValue(vm, out var priority) && priority is "restart")
            .Select(vm => (long)Db.Record(XapiClasses.Vm, vm)["memory_static_max"]!).ToList());
        var order = live.OrderByDescending(h => protectedOn[h].Sum()).ThenBy(h => Text(XapiClasses.Host, h, "uuid"), StringComparer.Ordinal).ToList();
        for (var failing = 1; failing < live.Count; failing++)
        {
            var free = order.Skip(failing).Select(FreeMemory).ToList();
            foreach (var size in order.Take(failing).SelectMany(h => protectedOn[h]).OrderDescending())
            {
                var slot = free.FindIndex(f => f >= size);
                if (slot < 0)
                {
                    return failing - 1;
                }

                free[slot] -= size;
            }
        }

        return Math.Max(0, live.Count - 1);
    }

    private long FreeMemory(string host) =>
        (long)Db.Record(XapiClasses.HostMetrics, Text(XapiClasses.Host, host, "metrics"))["memory_total"]!
        - Resident(host).Sum(r => (long)Db.Record(XapiClasses.Vm, r)["memory_static_max"]!);

    /// <summary>XAPI's 10resetvdis hook: <c>resetvdis.py HOST SR</c> (without master) for every SR the host has a PBD
    /// for: its <c>host_&lt;ref&gt;</c> keys go.</summary>
    private void ResetVdisHook(string host)
    {
        var srs = ((List<object?>)Db.Record(XapiClasses.Host, host)["PBDs"]!).Select(p => Text(XapiClasses.Pbd, (string)p!, "SR")).ToHashSet();
        foreach (var (vdi, value) in Db.Records(XapiClasses.Vdi))
        {
            var record = (Dictionary<string, object?>)value!;
            if (srs.Contains((string)record["SR"]!) && ((Dictionary<string, object?>)record["sm_config"]!).ContainsKey($"host_{host}"))
            {
                Db.Modify(XapiClasses.Vdi, vdi, r => ((Dictionary<string, object?>)r["sm_config"]!).Remove($"host_{host}"));
            }
        }
    }

    private void Halt(string vm, bool releaseKeys)
    {
        var record = Db.Record(XapiClasses.Vm, vm);
        var host = record["resident_on"] as string;
        foreach (var (vbd, vdi, _) in Disks(vm))
        {
            Db.Modify(XapiClasses.Vbd, vbd, r => r["currently_attached"] = false);
            if (releaseKeys && host is not null)
            {
                Db.Modify(XapiClasses.Vdi, vdi, r => ((Dictionary<string, object?>)r["sm_config"]!).Remove($"host_{host}"));
            }
        }

        Db.Modify(XapiClasses.Vm, vm, r =>
        {
            r["power_state"] = "Halted";
            r["resident_on"] = XapiClasses.NullRef;
            r["domid"] = -1L;
        });
        if (host is not null && host != XapiClasses.NullRef && Db.TryRecord(XapiClasses.Host, host) is not null)
        {
            Db.Modify(XapiClasses.Host, host, r => ((List<object?>)r["resident_VMs"]!).Remove(vm));
        }
    }

    private void RemoveVm(string vm)
    {
        var record = Db.Record(XapiClasses.Vm, vm);
        foreach (var vbd in (List<object?>)record["VBDs"]!)
        {
            Db.Remove(XapiClasses.Vbd, (string)vbd!);
        }

        Db.Remove(XapiClasses.Vm, vm);
        Db.Remove(XapiClasses.VmMetrics, (string)record["metrics"]!);
    }

    private List<string> Resident(string host) =>
        [.. Db.Records(XapiClasses.Vm).Where(v => ((Dictionary<string, object?>)v.Value!)["resident_on"] as string == host).Select(v => v.Key)];

    private List<(string Vbd, string Vdi, string Mode)> Disks(string vm) =>
        [.. ((List<object?>)Db.Record(XapiClasses.Vm, vm)["VBDs"]!).Select(v => (Ref: (string)v!, Record: Db.Record(XapiClasses.Vbd, (string)v!)))
            .Where(v => v.Record["VDI"] is string vdi && vdi != XapiClasses.NullRef)
            .Select(v => (v.Ref, (string)v.Record["VDI"]!, (string)v.Record["mode"]!))];

    private bool Flag(string field) => Db.Record(XapiClasses.Pool, pool.PoolRef)[field] is true;

    private void SetPool(string field, object value) => Db.Modify(XapiClasses.Pool, pool.PoolRef, r => r[field] = value);

    private string Text(string cls, string reference, string field) => (string)Db.Record(cls, reference)[field]!;

    /// <summary>A ref parameter of <paramref name="cls"/> that exists, or XAPI's HANDLE_INVALID.</summary>
    private string Ref(string cls, IReadOnlyList<object?> args, int index, string method)
    {
        var reference = XapiValues.String(args, index, method);
        return Db.TryRecord(cls, reference) is null ? throw XapiFault.HandleInvalid(cls, reference) : reference;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
