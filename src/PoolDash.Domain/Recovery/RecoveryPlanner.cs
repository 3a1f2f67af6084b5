using System.Globalization;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Recovery;

/// <summary>Computes DOMAIN.md's five steps for a dead member from the pool's state.</summary>
internal static class RecoveryPlanner
{
    private const string ResetVdisScript = "/opt/xensource/sm/resetvdis.py";

    public static RecoveryPlan Plan(PoolState pool, Guid hostId)
    {
        if (!pool.Hosts.TryGetValue(hostId, out var host))
        {
            if (!pool.ForgottenHostIds.Contains(hostId))
            {
                throw new ArgumentException($"Host {hostId} is not in pool {pool.Name}.", nameof(hostId));
            }

            return new RecoveryPlan(hostId, hostId.ToString(), Liveness.Forgotten, false, ForgottenSteps(), null);
        }

        var steps = new List<RecoveryStep>
        {
            ConfirmDown(pool, host),
            ResetPowerStates(pool, host),
            ResetVdis(pool, host),
            StartVms(pool, host),
            RepairOrForget(pool, host),
        };
        SequenceSteps(steps);

        var declareDead = new DeclareHostDead(host.Id);
        var declareAction = new PlanAction(
            declareDead,
            $"Declare {host.Name} dead (steps 2 and 3 in one)",
            $"xe host-declare-dead uuid={host.Id}",
            declareDead.Preconditions(pool));
        return new RecoveryPlan(host.Id, host.Name, host.Liveness, host.Id == pool.MasterId, steps, declareAction);
    }

    /// <summary>Step 1 is done only when the host is Dead (every channel silent past the timeout, or declared dead)
    /// and a person has vouched how they checked it is off; silence alone is never proof.</summary>
    private static RecoveryStep ConfirmDown(PoolState pool, HostState host)
    {
        var timeoutAt = new DateTimeOffset(host.DeadAtTicks(pool.TimeoutTicks), TimeSpan.Zero);
        var (status, blocked, waiting) = (host.IsSeen, host.Liveness, host.Attestation) switch
        {
            (true, _, _) => (StepStatus.Blocked, Xapi.HostIsLive(host, isMaster: false), null),
            (_, Liveness.Dead, not null) => (StepStatus.Done, (XapiError?)null, (string?)null),
            (_, Liveness.Dead, null) => (StepStatus.Ready, null, $"nobody has yet attested that {host.Name} is powered off"),
            (_, _, null) => (StepStatus.Ready, null, $"nobody has yet attested that {host.Name} is powered off, and it is silent but not yet past the timeout ({timeoutAt:HH:mm:ss} UTC)"),
            _ => (StepStatus.Pending, null, $"{host.Name} is silent but not yet past the timeout ({timeoutAt:HH:mm:ss} UTC); declare it dead if you know it is off"),
        };
        return new RecoveryStep(
            1,
            RecoveryStepKind.ConfirmDown,
            $"Confirm {host.Name} is down",
            $"Check the host physically: its power state in the out-of-band console (IPMI/iDRAC/iLO), its console, its management network ({(host.Address.Length > 0 ? host.Address : "no address recorded")}). Power it off if it is hung. Then say how you checked (a Pool Operator or above): only a host that is really off can be recovered without corrupting data, and PoolDash's silence is not proof.",
            "Every later step assumes the host is down. If it is still running, its VMs still write to their disks.",
            status,
            blocked,
            [])
        { WaitingFor = waiting, Attestation = host.Attestation };
    }

    private static RecoveryStep ResetPowerStates(PoolState pool, HostState host)
    {
        var actions = pool.ResidentVms(host.Id)
            .Where(vm => !vm.IsControlDomain)
            .OrderBy(vm => vm.Name, StringComparer.Ordinal)
            .Select(vm =>
            {
                var command = new ResetVmPowerState(vm.Id);
                return new PlanAction(
                    command,
                    $"Reset the power state of {vm.Name}",
                    $"xe vm-reset-powerstate uuid={vm.Id} --force",
                    command.Preconditions(pool));
            })
            .ToList();
        return Step(
            2,
            RecoveryStepKind.ResetPowerState,
            "Reset the power state of its VMs",
            $"{actions.Count} VM(s) are still registered as running on {host.Name}. Resetting marks them halted in the pool database only: their disks stay locked until step 3.",
            Operations.Get(Operations.VmResetPowerState).Warning,
            actions);
    }

    private static RecoveryStep ResetVdis(PoolState pool, HostState host)
    {
        var actions = pool.Srs.Values
            .Where(sr => pool.VdisOf(sr.Id).Any(v => v.AttachKeys.ContainsKey(host.Id) || (v.IsFlagged && pool.WasSrMaster(host, sr))))
            .OrderBy(sr => sr.Name, StringComparer.Ordinal)
            .Select(sr =>
            {
                var master = pool.WasSrMaster(host, sr);
                var command = new Recovery.ResetVdis(host.Id, sr.Id, master);
                return new PlanAction(
                    command,
                    master
                        ? $"Release {host.Name}'s locks on {sr.Name}, with master ({host.Name} was its SR master)"
                        : $"Release {host.Name}'s locks on {sr.Name}",
                    $"{ResetVdisScript} {host.Id} {sr.Id}{(master ? " --master" : "")}",
                    command.Preconditions(pool));
            })
            .ToList();
        return Step(
            3,
            RecoveryStepKind.ResetVdis,
            "Release the storage locks it held",
            $"{actions.Count} SR(s) hold disks {host.Name} had attached. Run on the pool master for each; 'master' (the guide's third argument, --master in current releases) only where {host.Name} was the SR master — the pool master for shared storage, the owner of local storage.",
            Operations.Get(Operations.ResetVdis).Warning,
            actions);
    }

    private static RecoveryStep StartVms(PoolState pool, HostState host)
    {
        var reserved = new Dictionary<Guid, long>();
        var vms = pool.Vms.Values
            .Where(vm => !vm.IsControlDomain
                && ((vm.IsLive && vm.ResidentOn == host.Id) || (vm.PowerState == PowerState.Halted && vm.DisplacedFrom == host.Id)))
            .OrderByDescending(vm => vm.HaPriority)
            .ThenBy(vm => vm.Name, StringComparer.Ordinal);
        var actions = new List<PlanAction>();
        foreach (var vm in vms)
        {
            var target = Placement.Choose(pool, vm, reserved, ignoreLocks: true);
            if (target is null)
            {
                var nowhere = new StartVm(vm.Id, host.Id);
                actions.Add(new PlanAction(
                    nowhere,
                    $"Start {vm.Name}: no live host has {vm.MemoryMiB} MiB free and reaches its disks",
                    $"xe vm-start uuid={vm.Id}",
                    NoTarget(pool, vm, nowhere)));
                continue;
            }

            reserved[target.Id] = reserved.GetValueOrDefault(target.Id) + vm.MemoryMiB;
            var command = new StartVm(vm.Id, target.Id);
            actions.Add(new PlanAction(
                command,
                $"Start {vm.Name} on {target.Name} ({vm.MemoryMiB.ToString(CultureInfo.InvariantCulture)} MiB)",
                $"xe vm-start uuid={vm.Id} on={target.Name}",
                command.Preconditions(pool)));
        }

        return Step(
            4,
            RecoveryStepKind.StartVms,
            "Start those VMs on live hosts",
            $"{actions.Count} VM(s) to start elsewhere. Proposed hosts have enough free memory and reach the VM's disks. Starting one before its locks are released fails with 'VDI <UUID> already attached RW'.",
            "",
            actions);
    }

    private static RecoveryStep RepairOrForget(PoolState pool, HostState host)
    {
        if (host.Liveness == Liveness.Alive)
        {
            return new RecoveryStep(5, RecoveryStepKind.RepairOrForget, $"{host.Name} is alive", "Its heartbeats arrive: it was repaired (or never down). Its VMs and locks are as the pool recorded them.", "", StepStatus.Done, null, []);
        }

        var command = new ForgetHost(host.Id);
        var action = new PlanAction(command, $"Forget {host.Name}", $"xe host-forget uuid={host.Id}", command.Preconditions(pool));
        return new RecoveryStep(
            5,
            RecoveryStepKind.RepairOrForget,
            "Repair it, or forget it",
            $"Either repair {host.Name} (reboot it: when its heartbeats resume it is alive again) or shut it down for good and forget it. Forgetting needs HA off and no VMs still registered on it.",
            Operations.Get(Operations.HostForget).Warning,
            action.BlockedBy is null ? StepStatus.Ready : StepStatus.Blocked,
            action.BlockedBy,
            [action]);
    }

    private static RecoveryStep Step(int number, RecoveryStepKind kind, string title, string explanation, string warning, List<PlanAction> actions)
    {
        if (actions.Count == 0)
        {
            return new RecoveryStep(number, kind, title, explanation, warning, StepStatus.Done, null, actions);
        }

        var blocked = actions.Select(a => a.BlockedBy).FirstOrDefault(e => e is not null);
        var runnable = actions.Any(a => a.BlockedBy is null);
        return new RecoveryStep(number, kind, title, explanation, warning, runnable ? StepStatus.Ready : StepStatus.Blocked, runnable ? null : blocked, actions);
    }

    /// <summary>A runnable step after an unfinished one waits its turn (the guide's order), and says for what.</summary>
    private static void SequenceSteps(List<RecoveryStep> steps)
    {
        for (var i = 1; i < steps.Count; i++)
        {
            if (steps[i].Status == StepStatus.Ready && steps.Take(i).FirstOrDefault(s => s.Status != StepStatus.Done) is { } earlier)
            {
                var why = earlier.WaitingFor ?? earlier.BlockedBy?.Message ?? $"{earlier.Title.ToLowerInvariant()} is not done";
                steps[i] = steps[i] with { Status = StepStatus.Pending, WaitingFor = $"Waits for step {earlier.Number}: {why}" };
            }
        }
    }

    private static XapiError NoTarget(PoolState pool, VmState vm, StartVm onDeadHost)
    {
        var best = pool.Hosts.Values.Where(h => h.Liveness == Liveness.Alive).MaxBy(pool.FreeMemoryMiB);
        return best is null
            ? onDeadHost.Preconditions(pool) ?? Xapi.UuidInvalid("host", Guid.Empty)
            : new StartVm(vm.Id, best.Id).Preconditions(pool) ?? Xapi.HostNotEnoughFreeMemory(best, vm.MemoryMiB, pool.FreeMemoryMiB(best));
    }

    private static List<RecoveryStep> ForgottenSteps() =>
    [
        .. Enum.GetValues<RecoveryStepKind>().Select((kind, i) => new RecoveryStep(
            i + 1, kind, kind.ToString(), "The host was forgotten.", "", StepStatus.Done, null, [])),
    ];
}
