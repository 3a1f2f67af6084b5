using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Vms;
using PoolDash.Web.Components.Pages;
using PoolDash.Web.Components.Recovery;

namespace PoolDash.Web.Tests.Components.Pages;

/// <summary>The host page: the recovery plan of a dead member, operations off with their reason, typed confirmation.</summary>
public class HostPageTests : PoolDashTestContext
{
    private Guid Xcp03 => Demo.Snapshot().Hosts.Single(h => h.Name == "xcp-03").Id;

    [Fact]
    public void A_dead_member_nobody_has_vouched_for_shows_every_later_step_waiting_for_the_attestation_form()
    {
        Kill(Xcp03);

        var page = Render<HostPage>(p => p.Add(x => x.PoolId, Demo.Id).Add(x => x.HostId, Xcp03));

        var steps = page.FindAll("[data-testid=plan-step]");
        Assert.Contains("Ready", steps[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Pending", steps[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Waits for step 1: nobody has yet attested that xcp-03 is powered off", steps[1].TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=attest-form]"));
        Assert.Contains("none since PoolDash started", page.Find("[data-testid=channel-agent]").TextContent, StringComparison.Ordinal);
        Assert.Contains("not probed: the pool is not connected through XAPI", page.Find("[data-testid=channel-probe]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vouching_on_the_page_that_the_host_is_off_is_stored_with_its_method_and_lets_the_plan_go_on()
    {
        Kill(Xcp03);
        var page = Render<HostPage>(p => p.Add(x => x.PoolId, Demo.Id).Add(x => x.HostId, Xcp03));

        page.Find("[data-testid=attest-note]").Change("iDRAC of rack 4 says Off");
        page.Find("[data-testid=attest-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("Vouched for by alice", page.Find("[data-testid=step-attestation]").TextContent, StringComparison.Ordinal));
        Assert.Contains("iDRAC of rack 4 says Off", page.Find("[data-testid=step-attestation]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Ready", page.FindAll("[data-testid=plan-step]")[1].TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=attest-form]"));
        var stored = (await Store.LoadAllAsync(CancellationToken.None)).Single(p => p.Description.Id == Demo.Id).Description.Hosts.Single(h => h.Id == Xcp03);
        Assert.Equal("alice", stored.DownAttestation!.By);
        Assert.Equal(AttestDownForm.Methods[0], stored.DownAttestation.Method);
        var audit = (await Store.ReadAuditAsync(CancellationToken.None)).Single(e => e.Operation == "host-attest-down");
        Assert.Equal("alice", audit.Actor);
        Assert.Contains($"checked: {AttestDownForm.Methods[0]} — iDRAC of rack 4 says Off", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dead_member_shows_the_five_steps_with_reset_ready_and_start_refused_with_the_RW_error()
    {
        Kill(Xcp03);
        Demo.Execute(new AttestHostDown(Xcp03, "physically", "", "alice"), "alice");

        var page = Render<HostPage>(p => p.Add(x => x.PoolId, Demo.Id).Add(x => x.HostId, Xcp03));

        Assert.Equal("Dead", page.Find("[data-testid=host-liveness]").TextContent);
        var steps = page.FindAll("[data-testid=plan-step]");
        Assert.Equal(5, steps.Count);
        Assert.Contains("Ready", steps[1].TextContent, StringComparison.Ordinal);
        var reset = page.FindAll("button").Where(b => b.TextContent.StartsWith("Reset the power state of", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, reset.Count);
        Assert.All(reset, b => Assert.False(b.HasAttribute("disabled")));
        Assert.Contains("xe vm-reset-powerstate uuid=", steps[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("/opt/xensource/sm/resetvdis.py", steps[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("VM_BAD_POWER_STATE", steps[3].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_that_cannot_run_are_shown_disabled_with_the_domains_reason()
    {
        var page = Render<HostPage>(p => p.Add(x => x.PoolId, Demo.Id).Add(x => x.HostId, Xcp03));

        var declare = page.FindAll("button").Single(b => b.TextContent.StartsWith("Declare xcp-03 dead", StringComparison.Ordinal));
        Assert.True(declare.HasAttribute("disabled"));
        Assert.Contains(page.FindAll("[data-testid=blocked-reason]"), r => r.TextContent.StartsWith("HOST_IS_LIVE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dangerous_step_runs_only_after_the_targets_exact_name_is_typed_and_is_stored_before_it_is_reported()
    {
        Kill(Xcp03);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<HostPage>(p => p.Add(x => x.PoolId, Demo.Id).Add(x => x.HostId, Xcp03));
        var vm = Demo.Snapshot().Vms.First(v => v.ResidentOn == Xcp03);

        page.FindAll("button").Single(b => b.TextContent == $"Reset the power state of {vm.Name}").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Incorrect use of this command can lead to data corruption", dialogs.Markup, StringComparison.Ordinal));
        var run = () => dialogs.FindAll("button").Single(b => b.TextContent == "Run");
        Assert.True(run().HasAttribute("disabled"));
        dialogs.Find("input").Input(vm.Name.ToUpperInvariant());
        Assert.True(run().HasAttribute("disabled"));
        Assert.Equal(PowerState.Running, Demo.Snapshot().Vms.Single(v => v.Id == vm.Id).PowerState);

        dialogs.Find("input").Input(vm.Name);
        Assert.True(run().HasAttribute("disabled"));
        dialogs.Find("input[type=checkbox]").Change(true);
        dialogs.WaitForAssertion(() => Assert.False(run().HasAttribute("disabled")));
        run().Click();

        page.WaitForAssertion(() => Assert.Equal(PowerState.Halted, Demo.Snapshot().Vms.Single(v => v.Id == vm.Id).PowerState));
        var stored = Assert.Single(await Store.LoadAllAsync(CancellationToken.None));
        Assert.Equal(PowerState.Halted, stored.Description.Vms.Single(v => v.Id == vm.Id).PowerState);
    }

    [Fact]
    public async Task A_role_that_may_not_run_a_step_sees_it_disabled_with_RBAC_PERMISSION_DENIED_and_the_role_it_needs()
    {
        await SignInAsAsync("rita", Role.ReadOnly);
        Kill(Xcp03);

        var page = Render<HostPage>(p => p.Add(x => x.PoolId, Demo.Id).Add(x => x.HostId, Xcp03));

        var reset = page.FindAll("button").Where(b => b.TextContent.StartsWith("Reset the power state of", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reset);
        Assert.All(reset, b => Assert.True(b.HasAttribute("disabled")));
        Assert.Contains(page.FindAll("[data-testid=blocked-reason]"),
            r => r.TextContent.StartsWith("RBAC_PERMISSION_DENIED", StringComparison.Ordinal) && r.TextContent.Contains("VM Power Admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Pool_Admin_issues_a_new_agent_token_and_sees_the_install_commands_once()
    {
        await SignInAsAsync("alice", Role.PoolAdmin);
        var page = Render<HostPage>(p => p.Add(x => x.PoolId, Demo.Id).Add(x => x.HostId, Xcp03));

        await page.Find("[data-testid=issue-agent-token]").ClickAsync(new());

        var commands = page.Find("[data-testid=agent-install]").TextContent;
        Assert.Contains($"POOLDASH_HOST_ID={Xcp03}", commands, StringComparison.Ordinal);
        Assert.Contains("systemctl daemon-reload && systemctl enable --now pooldash-agent", commands, StringComparison.Ordinal);
        var token = commands.Split('\n').Single(l => l.StartsWith("POOLDASH_TOKEN=", StringComparison.Ordinal))["POOLDASH_TOKEN=".Length..];
        var credential = Services.GetRequiredService<PoolDash.Web.Heartbeats.HostTokens>().Find(Xcp03)!;
        Assert.True(PoolDash.Web.Heartbeats.HostTokens.Matches(credential, token));
        Assert.Empty(page.FindAll("[data-testid=issue-agent-token]"));
        Assert.Contains(await Store.ReadAuditAsync(CancellationToken.None), e => e is { Actor: "alice", Operation: "host-token-issue", Outcome: "performed" });
    }

    [Fact]
    public async Task Below_Pool_Admin_the_agent_panel_is_not_offered()
    {
        await SignInAsAsync("olga", Role.PoolOperator);

        var page = Render<HostPage>(p => p.Add(x => x.PoolId, Demo.Id).Add(x => x.HostId, Xcp03));

        Assert.Empty(page.FindAll("[data-testid=issue-agent-token]"));
    }
}
