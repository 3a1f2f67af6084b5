namespace PoolDash.Domain.Recovery;

/// <summary>DOMAIN.md's table of operations: who may run each and what the guide warns.</summary>
public static class Operations
{
    public const string HostForget = "host-forget";
    public const string HostDeclareDead = "host-declare-dead";
    public const string VmResetPowerState = "vm-reset-powerstate";
    public const string ResetVdis = "resetvdis";
    public const string VmStart = "vm-start";
    public const string VmShutdown = "vm-shutdown";
    public const string EmergencyTransitionToMaster = "pool-emergency-transition-to-master";
    public const string RecoverSlaves = "pool-recover-slaves";
    public const string HaEnable = "pool-ha-enable";
    public const string HaDisable = "pool-ha-disable";
    public const string HostJoin = "host-join";

    /// <summary>Ours: a pool brought under PoolDash (from a description, an import, a file, the demo).</summary>
    public const string PoolCreate = "pool-create";

    /// <summary>Ours: a new heartbeat token for a host's agent (the old one stops working).</summary>
    public const string HostTokenIssue = "host-token-issue";

    /// <summary>Ours: a person vouches that a silent host is powered off, and how they checked.</summary>
    public const string HostAttestDown = "host-attest-down";

    /// <summary>Ours: planned silence for a host or the pool, until a set time.</summary>
    public const string MaintenanceStart = "maintenance-start";

    /// <summary>Ours: a maintenance window ended early.</summary>
    public const string MaintenanceEnd = "maintenance-end";

    /// <summary>Ours: a person says they are on an incident, and why.</summary>
    public const string IncidentAcknowledge = "incident-acknowledge";

    /// <summary>Ours: a person closes an incident with a note.</summary>
    public const string IncidentResolve = "incident-resolve";

    /// <summary>Ours: the pool's two-person rule on or off.</summary>
    public const string TwoPersonRuleEnable = "pool-two-person-rule-enable";

    public const string TwoPersonRuleDisable = "pool-two-person-rule-disable";

    private static readonly Dictionary<string, OperationInfo> ByName = new OperationInfo[]
    {
        new(HostForget, Role.PoolAdmin, Dangerous: true, TwoPersonByDefault: true,
            "Be sure the host is shut down. If you are going to use the forgotten host as a XenServer host again, perform a fresh installation of the XenServer software. Do not use xe host-forget if HA is enabled on the pool: disable HA first, then forget the host, and then re-enable HA."),
        new(HostDeclareDead, Role.PoolAdmin, Dangerous: true, TwoPersonByDefault: true,
            "Be absolutely sure the host is down: its VMs are reset to halted and their disks released. Declaring a running host dead lets its VMs start twice and can corrupt data."),
        new(VmResetPowerState, Role.VmPowerAdmin, Dangerous: true, TwoPersonByDefault: false,
            "Incorrect use of this command can lead to data corruption. Only use this command if absolutely necessary: be sure the VM's host is definitely down."),
        new(ResetVdis, Role.PoolOperator, Dangerous: true, TwoPersonByDefault: false,
            "Be absolutely sure that the host is down before executing this command. Incorrect use of this command can lead to data corruption. Give master only if the failed host was the SR master (pool master or host using local storage) at the time of the crash."),
        new(VmStart, Role.VmOperator, Dangerous: false, TwoPersonByDefault: false, ""),
        new(VmShutdown, Role.VmOperator, Dangerous: false, TwoPersonByDefault: false, ""),
        new(EmergencyTransitionToMaster, Role.PoolAdmin, Dangerous: true, TwoPersonByDefault: true,
            "Only if the master is really dead: two masters over the same storage corrupt data. The other members keep pointing at the old master until you run pool-recover-slaves; afterwards check that the pool's default SR is still valid."),
        new(RecoverSlaves, Role.PoolOperator, Dangerous: false, TwoPersonByDefault: false, ""),
        new(HaEnable, Role.PoolAdmin, Dangerous: false, TwoPersonByDefault: false, ""),
        new(HaDisable, Role.PoolAdmin, Dangerous: false, TwoPersonByDefault: false, ""),
        new(HostJoin, Role.PoolAdmin, Dangerous: false, TwoPersonByDefault: false, ""),
        new(PoolCreate, Role.PoolAdmin, Dangerous: false, TwoPersonByDefault: false, ""),
        new(HostTokenIssue, Role.PoolAdmin, Dangerous: false, TwoPersonByDefault: false, ""),
        new(MaintenanceStart, Role.PoolOperator, Dangerous: false, TwoPersonByDefault: false, ""),
        new(MaintenanceEnd, Role.PoolOperator, Dangerous: false, TwoPersonByDefault: false, ""),
        new(IncidentAcknowledge, Role.VmOperator, Dangerous: false, TwoPersonByDefault: false, ""),
        new(IncidentResolve, Role.VmOperator, Dangerous: false, TwoPersonByDefault: false, ""),
        new(HostAttestDown, Role.PoolOperator, Dangerous: false, TwoPersonByDefault: false, ""),
        new(TwoPersonRuleEnable, Role.PoolAdmin, Dangerous: false, TwoPersonByDefault: false, ""),
        new(TwoPersonRuleDisable, Role.PoolAdmin, Dangerous: false, TwoPersonByDefault: true, ""),
    }.ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<OperationInfo> All => ByName.Values;

    public static OperationInfo Get(string name) =>
        ByName.TryGetValue(name, out var info) ? info : throw new ArgumentException($"Unknown operation {name}.", nameof(name));
}
