using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Auth;
using PoolDash.Web.Components.Pages;
using PoolDash.Web.Realtime;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Tests.Components.Recovery;

/// <summary>The pool page's two-person requests and presence: another Pool Admin sees Approve, the requester sees
/// Withdraw, a lower role sees neither; the page lists who is looking.</summary>
public class ApprovalsPanelTests : PoolDashTestContext
{
    private Guid Xcp03 => Demo.Snapshot().Hosts.Single(h => h.Name == "xcp-03").Id;

    private async Task<Approval> RequestDeclareDeadAsync(string requester)
    {
        Kill(Xcp03);
        var outcome = await Services.GetRequiredService<RecoveryService>().RequestAsync(Demo.Id, new DeclareHostDead(Xcp03),
            new OperationConfirmation("xcp-03", null, true), new Operator(requester, Role.PoolAdmin), "api", CancellationToken.None);
        Assert.Equal(OperationStatus.Pending, outcome.Status);
        return outcome.Approval!;
    }

    [Fact]
    public async Task Another_Pool_Admin_approves_from_the_page_and_the_step_runs()
    {
        await SignInAsAsync("bob", Role.PoolAdmin);
        await SignInAsAsync("alice", Role.PoolAdmin);
        var approval = await RequestDeclareDeadAsync("bob");
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));

        var request = page.Find("[data-testid=approval]");
        Assert.Contains("host-declare-dead on xcp-03, requested by bob", request.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("[data-testid=approval] button"), b => b.TextContent == "Withdraw");
        page.FindAll("[data-testid=approval] button").Single(b => b.TextContent == "Approve").Click();

        await page.WaitForAssertionAsync(() => Assert.Equal(ApprovalStatus.Approved, Services.GetRequiredService<ApprovalBook>().Find(approval.Id)!.Status));
        Assert.Equal("alice", Services.GetRequiredService<ApprovalBook>().Find(approval.Id)!.DecidedBy);
        Assert.DoesNotContain(Demo.Snapshot().Vms, v => v.ResidentOn == Xcp03);
        await page.WaitForAssertionAsync(() => Assert.Empty(page.FindAll("[data-testid=approval]")));
    }

    [Fact]
    public async Task The_requester_sees_Withdraw_and_a_VM_Operator_sees_no_button()
    {
        var approval = await RequestDeclareDeadAsync("alice");
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));

        Assert.Equal(["Withdraw"], page.FindAll("[data-testid=approval] button").Select(b => b.TextContent.Trim()));
        page.FindAll("[data-testid=approval] button").Single().Click();
        await page.WaitForAssertionAsync(() => Assert.Equal(ApprovalStatus.Cancelled, Services.GetRequiredService<ApprovalBook>().Find(approval.Id)!.Status));

        var second = await RequestDeclareDeadAsync("alice");
        await SignInAsAsync("victor", Role.VmOperator);
        var asOperator = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));
        Assert.Contains("Only another Pool Admin can approve it", asOperator.Find("[data-testid=approval]").TextContent, StringComparison.Ordinal);
        Assert.Empty(asOperator.FindAll("[data-testid=approval] button"));
        Assert.Equal(ApprovalStatus.Pending, Services.GetRequiredService<ApprovalBook>().Find(second.Id)!.Status);
    }

    [Fact]
    public void The_page_lists_who_else_is_looking_at_the_pool()
    {
        using var bob = Services.GetRequiredService<PresenceTracker>().Enter(Demo.Id, "bob");
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));

        var viewers = page.FindAll("[data-testid=viewer]").Select(v => v.TextContent.Trim()).ToList();
        Assert.Equal(["alice (you)", "bob"], viewers);

        bob.Dispose();
        page.WaitForAssertion(() => Assert.Equal(["alice (you)"], page.FindAll("[data-testid=viewer]").Select(v => v.TextContent.Trim())));
    }
}
