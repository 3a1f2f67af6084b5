using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Access;

/// <summary>Gate 4: the second person. An approval is given once, by a different Pool Admin, before it expires.</summary>
public class ApprovalTests
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    private static Approval Forget() =>
        Approval.Request(LabPool.PoolId, new ForgetHost(LabPool.A), null, "alice", Now, TimeSpan.FromMinutes(15));

    [Fact]
    public void The_two_person_rule_holds_forget_declare_dead_emergency_transition_and_its_own_removal_only()
    {
        var held = Operations.All.Where(o => Approval.IsNeeded(o.Name, twoPersonRule: true)).Select(o => o.Name).Order();

        Assert.Equal([Operations.HostDeclareDead, Operations.HostForget, Operations.EmergencyTransitionToMaster, Operations.TwoPersonRuleDisable], held);
        Assert.DoesNotContain(Operations.All, o => Approval.IsNeeded(o.Name, twoPersonRule: false));
    }

    [Fact]
    public void A_different_Pool_Admin_may_approve_before_it_expires()
    {
        Assert.Null(Forget().WhyNotApprove("bob", Role.PoolAdmin, Now.AddMinutes(14)));
    }

    [Fact]
    public void The_requester_cannot_approve_their_own_request_in_any_spelling()
    {
        var approval = Forget();

        LabPool.AssertError(approval.WhyNotApprove("ALICE", Role.PoolAdmin, Now)!, XapiErrorNames.ApprovalBySelf, approval.Id.ToString(), "alice");
    }

    [Fact]
    public void A_role_below_Pool_Admin_cannot_approve()
    {
        Assert.Equal(XapiErrorNames.RbacPermissionDenied, Forget().WhyNotApprove("bob", Role.PoolOperator, Now)!.Name);
    }

    [Fact]
    public void An_expired_request_cannot_be_approved_or_cancelled()
    {
        var approval = Forget();

        Assert.Equal(XapiErrorNames.ApprovalExpired, approval.WhyNotApprove("bob", Role.PoolAdmin, approval.ExpiresAt)!.Name);
        Assert.Equal(XapiErrorNames.ApprovalExpired, approval.WhyNotCancel("alice", approval.ExpiresAt)!.Name);
        Assert.False(approval.IsPendingAt(approval.ExpiresAt));
        var marked = approval.Decided(ApprovalStatus.Expired, "system", approval.ExpiresAt);
        Assert.Equal(XapiErrorNames.ApprovalExpired, marked.WhyNotApprove("bob", Role.PoolAdmin, approval.ExpiresAt)!.Name);
    }

    [Fact]
    public void A_decided_request_cannot_be_approved_again_and_says_by_whom()
    {
        var approved = Forget().Decided(ApprovalStatus.Approved, "bob", Now.AddMinutes(1));

        var replay = approved.WhyNotApprove("carol", Role.PoolAdmin, Now.AddMinutes(2))!;

        Assert.Equal(XapiErrorNames.ApprovalNotPending, replay.Name);
        Assert.Contains("bob", replay.Message, StringComparison.Ordinal);
        Assert.Equal(XapiErrorNames.ApprovalNotPending, approved.WhyNotCancel("alice", Now.AddMinutes(2))!.Name);
    }

    [Fact]
    public void Only_the_requester_can_cancel()
    {
        Assert.Equal(XapiErrorNames.ApprovalCancelByOther, Forget().WhyNotCancel("bob", Now)!.Name);
        Assert.Null(Forget().WhyNotCancel("alice", Now));
    }
}
