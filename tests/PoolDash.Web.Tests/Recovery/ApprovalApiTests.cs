using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Vms;
using PoolDash.Web.Pools;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Tests.Recovery;

/// <summary>The second person: host-forget waits for a different Pool Admin; a self-approval, a lower role, an
/// expired or a replayed approval is refused and changes nothing; two people at once get one execution.</summary>
public sealed class ApprovalApiTests : IAsyncLifetime, IDisposable
{
    private static readonly Uri Operations = new($"/api/v1/pools/{TestPools.PoolId}/operations", UriKind.Relative);
    private readonly PoolDashFactory _factory = new();
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _alice = await _factory.ClientAsync("alice", Role.PoolAdmin);
        _bob = await _factory.ClientAsync("bob", Role.PoolAdmin);
        await TestPools.CreateAsync(_alice);
        TestPools.KillA(_factory);
        using var reset = await _alice.PostAsJsonAsync(Operations,
            new OperationRequest("vm-reset-powerstate", null, TestPools.Web, null, false, new OperationConfirmation("web", null, true)), TestPools.Json);
        reset.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Forget_waits_for_a_second_Pool_Admin_and_runs_when_approved()
    {
        var approval = await RequestForgetAsync();
        Assert.Equal(Liveness.Dead, HostA().Liveness);

        using var approved = await _bob.PostAsync(new Uri($"/api/v1/approvals/{approval}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var answer = (await approved.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!;
        Assert.Equal(("performed", "approved", "bob"), (answer.Outcome, answer.Approval!.Status, answer.Approval.DecidedBy));
        Assert.DoesNotContain(Pool().Snapshot().Hosts, h => h.Id == TestPools.A);
        var audit = await _alice.GetStringAsync(new Uri($"/api/v1/audit?objectId={TestPools.A}", UriKind.Relative));
        Assert.Contains("\"outcome\":\"pending\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"approved\"", audit, StringComparison.Ordinal);
        Assert.Contains("approved by bob", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_requester_cannot_approve_their_own_request()
    {
        var approval = await RequestForgetAsync();

        await AssertRefusedAsync(_alice, approval, HttpStatusCode.Forbidden, "APPROVAL_BY_REQUESTER");
    }

    [Fact]
    public async Task A_role_below_Pool_Admin_cannot_approve()
    {
        var approval = await RequestForgetAsync();
        using var carol = await _factory.ClientAsync("carol", Role.PoolOperator);

        await AssertRefusedAsync(carol, approval, HttpStatusCode.Forbidden, "RBAC_PERMISSION_DENIED");
    }

    [Fact]
    public async Task An_expired_request_cannot_be_approved_and_is_recorded_as_expired()
    {
        var approval = await RequestForgetAsync();
        _factory.Time.Advance(TimeSpan.FromMinutes(15));

        await AssertRefusedAsync(_bob, approval, HttpStatusCode.Conflict, "APPROVAL_EXPIRED");

        await _factory.Services.GetRequiredService<RecoveryService>().ExpireLapsedAsync(CancellationToken.None);
        var view = await _alice.GetFromJsonAsync<ApprovalView>(new Uri($"/api/v1/approvals/{approval}", UriKind.Relative), TestPools.Json);
        Assert.Equal("expired", view!.Status);
        Assert.Contains("\"outcome\":\"expired\"", await _alice.GetStringAsync(new Uri($"/api/v1/audit?objectId={TestPools.A}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_approval_is_refused_and_the_step_ran_once()
    {
        var approval = await RequestForgetAsync();
        using var dave = await _factory.ClientAsync("dave", Role.PoolAdmin);
        using (var first = await _bob.PostAsync(new Uri($"/api/v1/approvals/{approval}", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var sequence = Pool().Sequence;
        await AssertRefusedAsync(dave, approval, HttpStatusCode.Conflict, "APPROVAL_NOT_PENDING", checkUnchanged: false);
        await AssertRefusedAsync(_bob, approval, HttpStatusCode.Conflict, "APPROVAL_NOT_PENDING", checkUnchanged: false);
        Assert.Equal(sequence, Pool().Sequence);
    }

    [Fact]
    public async Task Only_the_requester_can_withdraw_a_request_and_a_withdrawn_one_cannot_be_approved()
    {
        var approval = await RequestForgetAsync();
        using (var byOther = await _bob.PostAsync(new Uri($"/api/v1/approvals/{approval}/cancel", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        }

        using (var cancelled = await _alice.PostAsync(new Uri($"/api/v1/approvals/{approval}/cancel", UriKind.Relative), null))
        {
            Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!.Outcome);
        }

        await AssertRefusedAsync(_bob, approval, HttpStatusCode.Conflict, "APPROVAL_NOT_PENDING");
    }

    [Fact]
    public async Task The_same_request_twice_is_refused_while_the_first_waits()
    {
        var approval = await RequestForgetAsync();

        using var again = await _bob.PostAsJsonAsync(Operations, Forget(), TestPools.Json);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("APPROVAL_PENDING", problem.GetProperty("code").GetString());
        Assert.Equal(approval.ToString(), problem.GetProperty("params")[0].GetString());
    }

    [Fact]
    public async Task Two_Pool_Admins_approving_at_once_give_one_execution_and_one_refusal()
    {
        var approval = await RequestForgetAsync();
        using var dave = await _factory.ClientAsync("dave", Role.PoolAdmin);
        var uri = new Uri($"/api/v1/approvals/{approval}", UriKind.Relative);

        var answers = await Task.WhenAll(_bob.PostAsync(uri, null), dave.PostAsync(uri, null));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var audit = await _alice.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/audit?objectId={TestPools.A}", UriKind.Relative));
        Assert.Single(audit.EnumerateArray(), e => e.GetProperty("outcome").GetString() == "performed");
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Two_operators_running_the_same_step_at_once_get_one_execution_and_one_already_done_by_the_other()
    {
        using var erin = await _factory.ClientAsync("erin", Role.PoolOperator);
        using var carol = await _factory.ClientAsync("carol", Role.PoolOperator);
        // resetvdis for dead A on the shared SR, by two Pool Operators at the same moment.
        var release = new OperationRequest("resetvdis", TestPools.A, null, TestPools.Nfs, false, new OperationConfirmation("xs-a", "nfs", true));

        var answers = await Task.WhenAll(erin.PostAsJsonAsync(Operations, release, TestPools.Json), carol.PostAsJsonAsync(Operations, release, TestPools.Json));
        var outcomes = new List<OperationResponse>();
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            outcomes.Add((await answer.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!);
            answer.Dispose();
        }

        Assert.Single(outcomes, o => o.Outcome == "performed");
        var repeat = Assert.Single(outcomes, o => o.Outcome == "already-done");
        Assert.Contains(repeat.By, new[] { "erin", "carol" });
        Assert.Empty(Pool().Snapshot().Vdis.Single(v => v.Id == TestPools.WebDisk).AttachKeys);
    }

    [Fact]
    public async Task Turning_the_two_person_rule_off_itself_needs_a_second_Pool_Admin_and_then_forget_runs_at_once()
    {
        var off = new OperationRequest("pool-two-person-rule-disable", null, null, null, false, null);
        using var requested = await _alice.PostAsJsonAsync(Operations, off, TestPools.Json);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.True(Pool().Snapshot().TwoPersonRule);
        var approval = (await requested.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!.Approval!.Id;

        using (var approved = await _bob.PostAsync(new Uri($"/api/v1/approvals/{approval}", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        Assert.False(Pool().Snapshot().TwoPersonRule);
        using var forget = await _alice.PostAsJsonAsync(Operations, Forget(), TestPools.Json);
        Assert.Equal("performed", (await forget.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!.Outcome);
        Assert.DoesNotContain(Pool().Snapshot().Hosts, h => h.Id == TestPools.A);
    }

    private static OperationRequest Forget() =>
        new("host-forget", TestPools.A, null, null, false, new OperationConfirmation("xs-a", null, true));

    private async Task<Guid> RequestForgetAsync()
    {
        using var response = await _alice.PostAsJsonAsync(Operations, Forget(), TestPools.Json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!;
        Assert.Equal(("pending", "alice"), (answer.Outcome, answer.Approval!.RequestedBy));
        Assert.Contains(Pool().Snapshot().Hosts, h => h.Id == TestPools.A);
        return answer.Approval.Id;
    }

    private async Task AssertRefusedAsync(HttpClient client, Guid approval, HttpStatusCode status, string code, bool checkUnchanged = true)
    {
        var before = await _alice.GetStringAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative));

        using var response = await client.PostAsync(new Uri($"/api/v1/approvals/{approval}", UriKind.Relative), null);

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal("approval", problem.GetProperty("gate").GetString());
        if (checkUnchanged)
        {
            Assert.Equal(before, await _alice.GetStringAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative)));
            Assert.Contains(Pool().Snapshot().Hosts, h => h.Id == TestPools.A);
        }
    }

    private Pool Pool() => _factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!;

    private Domain.Snapshots.HostView HostA() => Pool().Snapshot().Hosts.Single(h => h.Id == TestPools.A);
}
