using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Recovery;

/// <summary>DOMAIN.md's five steps for a dead member, computed from the state and recomputed as it changes.</summary>
public class RecoveryPlanTests
{
    [Fact]
    public void For_a_live_host_the_plan_is_blocked_at_confirmation()
    {
        var lab = new LabPool();

        var plan = lab.Pool.PlanRecovery(LabPool.A);

        Assert.Equal(StepStatus.Blocked, plan.Steps[0].Status);
        Assert.Equal(XapiErrorNames.HostIsLive, plan.Steps[0].BlockedBy!.Name);
        Assert.Equal(XapiErrorNames.HostIsLive, plan.DeclareDead!.BlockedBy!.Name);
    }

    [Fact]
    public void For_a_dead_member_it_lists_each_step_with_its_commands()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        lab.Attest(LabPool.A);

        var plan = lab.Pool.PlanRecovery(LabPool.A);

        Assert.Equal(
            [RecoveryStepKind.ConfirmDown, RecoveryStepKind.ResetPowerState, RecoveryStepKind.ResetVdis, RecoveryStepKind.StartVms, RecoveryStepKind.RepairOrForget],
            plan.Steps.Select(s => s.Kind));
        Assert.Equal([StepStatus.Done, StepStatus.Ready, StepStatus.Pending, StepStatus.Blocked, StepStatus.Blocked], plan.Steps.Select(s => s.Status));
        Assert.Equal(LabPool.Operator, plan.Steps[0].Attestation!.By);
        Assert.Equal("out-of-band console", plan.Steps[0].Attestation!.Method);

        var resets = plan.Steps[1].Actions;
        Assert.Equal(3, resets.Count);
        Assert.Contains(resets, a => a.CommandLine == $"xe vm-reset-powerstate uuid={LabPool.Web1} --force");
        Assert.Contains("data corruption", plan.Steps[1].Warning, StringComparison.Ordinal);

        var resetvdis = plan.Steps[2].Actions.Select(a => a.CommandLine).ToList();
        Assert.Equal(
            [$"/opt/xensource/sm/resetvdis.py {LabPool.A} {LabPool.LocalA} --master", $"/opt/xensource/sm/resetvdis.py {LabPool.A} {LabPool.Nfs}"],
            resetvdis);

        Assert.Equal(XapiErrorNames.HostHasResidentVms, plan.Steps[4].BlockedBy!.Name);
        Assert.Equal($"xe host-forget uuid={LabPool.A}", plan.Steps[4].Actions.Single().CommandLine);
        Assert.Null(plan.DeclareDead!.BlockedBy);
    }

    [Fact]
    public void Silence_past_the_timeout_is_not_proof_every_later_step_waits_for_someone_to_vouch_the_host_is_off()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);

        var plan = lab.Pool.PlanRecovery(LabPool.A);

        Assert.Equal(Liveness.Dead, lab.Host(LabPool.A).Liveness);
        Assert.Equal([StepStatus.Ready, StepStatus.Pending, StepStatus.Pending, StepStatus.Blocked, StepStatus.Blocked], plan.Steps.Select(s => s.Status));
        Assert.Contains("nobody has yet attested that xs-a is powered off", plan.Steps[0].WaitingFor, StringComparison.Ordinal);
        Assert.StartsWith("Waits for step 1: nobody has yet attested", plan.Steps[1].WaitingFor, StringComparison.Ordinal);
        Assert.Null(plan.Steps[0].Attestation);
    }

    [Fact]
    public void An_attestation_before_the_timeout_waits_for_the_timeout_and_one_for_a_host_heard_again_is_void()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(120));
        lab.Elapse(TimeSpan.FromSeconds(300), null, LabPool.A);
        Assert.Equal(Liveness.Suspect, lab.Host(LabPool.A).Liveness);
        lab.Attest(LabPool.A);

        var early = lab.Pool.PlanRecovery(LabPool.A).Steps[0];
        Assert.Equal(StepStatus.Pending, early.Status);
        Assert.Contains("not yet past the timeout", early.WaitingFor, StringComparison.Ordinal);

        lab.Elapse(TimeSpan.FromSeconds(300), null, LabPool.A);
        Assert.Equal(StepStatus.Done, lab.Pool.PlanRecovery(LabPool.A).Steps[0].Status);

        lab.Pool.RecordHeartbeat(LabPool.A);
        Assert.Null(lab.Pool.PlanRecovery(LabPool.A).Steps[0].Attestation);
        Assert.Null(lab.Host(LabPool.A).Attestation);
    }

    [Fact]
    public void Nobody_can_vouch_that_a_host_is_off_while_it_is_heard()
    {
        var lab = new LabPool();
        lab.Pool.RecordHeartbeat(LabPool.A);

        var refused = lab.Refused(new AttestHostDown(LabPool.A, "physically", "", LabPool.Operator));

        Assert.Equal(XapiErrorNames.HostIsLive, refused.Name);
        Assert.Contains("its agent's last heartbeat came at", refused.Message, StringComparison.Ordinal);
        Assert.Equal(XapiErrorNames.InvalidValue, lab.Refused(new AttestHostDown(LabPool.A, " ", "", LabPool.Operator)).Name);
    }

    [Fact]
    public void The_plan_gives_master_exactly_where_the_dead_host_was_the_SR_master()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);
        lab.Performed(new EmergencyTransitionToMaster(LabPool.B));

        var plan = lab.Pool.PlanRecovery(LabPool.M);

        var commands = plan.Steps[2].Actions.Select(a => (ResetVdis)a.Command).ToDictionary(c => c.SrId, c => c.Master);
        Assert.True(commands[LabPool.Nfs]);
        Assert.Equal([LabPool.Nfs], commands.Keys);
    }

    [Fact]
    public void Proposed_hosts_have_enough_memory_for_all_the_VMs_together()
    {
        var lab = new LabPool(d => d with
        {
            Hosts = [.. d.Hosts.Select(h => h.Id == LabPool.A ? h with { MemoryMiB = 65536 } : h)],
            Vms = [.. d.Vms.Select(v => v.Id == LabPool.Db1 ? v with { MemoryMiB = 30000 } : v.Id == LabPool.Web1 ? v with { MemoryMiB = 30000 } : v)],
        });
        lab.Kill(LabPool.A);
        lab.Performed(new DeclareHostDead(LabPool.A));

        var starts = lab.Pool.PlanRecovery(LabPool.A).Steps[3].Actions;

        var targets = starts.Where(a => a.Command is StartVm).Select(a => ((StartVm)a.Command).HostId).ToList();
        Assert.Equal(2, targets.Count(t => t != LabPool.A));
        Assert.Equal(2, targets.Distinct().Count());
        Assert.All(starts.Where(a => ((StartVm)a.Command).VmId != LabPool.Batch1), a => Assert.Null(a.BlockedBy));
        var batch = starts.Single(a => ((StartVm)a.Command).VmId == LabPool.Batch1);
        Assert.Equal(XapiErrorNames.VmRequiresSr, batch.BlockedBy!.Name);
    }

    [Fact]
    public void The_plan_advances_as_the_steps_are_run_and_is_complete_when_the_host_is_forgotten()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.C);
        lab.Attest(LabPool.C);
        var plan = lab.Pool.PlanRecovery(LabPool.C);
        Assert.Equal(StepStatus.Ready, plan.Steps[4].Status);

        lab.Performed(plan.Steps[4].Actions.Single().Command);

        Assert.True(lab.Pool.PlanRecovery(LabPool.C).IsComplete);
    }

    [Fact]
    public void Each_step_of_the_runbook_run_in_order_leaves_the_plan_complete()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Attest(LabPool.A);

        foreach (var kind in new[] { RecoveryStepKind.ResetPowerState, RecoveryStepKind.ResetVdis, RecoveryStepKind.StartVms })
        {
            var step = lab.Pool.PlanRecovery(LabPool.A).Steps.Single(s => s.Kind == kind);
            Assert.Equal(StepStatus.Ready, step.Status);
            foreach (var action in step.Actions.Where(a => a.BlockedBy is null))
            {
                lab.Performed(action.Command);
            }
        }

        var plan = lab.Pool.PlanRecovery(LabPool.A);
        Assert.Equal(StepStatus.Done, plan.Steps[2].Status);
        Assert.Equal(Vms.PowerState.Running, lab.Vm(LabPool.Db1).PowerState);
        lab.Performed(plan.Steps[4].Actions.Single().Command);
        Assert.True(lab.Pool.PlanRecovery(LabPool.A).IsComplete);
    }

    [Fact]
    public void For_a_dead_master_without_HA_every_step_waits_for_a_new_master()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.M);

        var plan = lab.Pool.PlanRecovery(LabPool.M);

        Assert.True(plan.IsPoolMaster);
        Assert.Equal(StepStatus.Blocked, plan.Steps[1].Status);
        LabPool.AssertError(plan.Steps[1].BlockedBy!, XapiErrorNames.HostOffline, LabPool.M.ToString());
    }
}
