using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Pools;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Tests.Recovery;

/// <summary><c>POST /api/v1/pools/{id}/hosts/{hostId}/attest-down</c>: a Pool Operator or above vouches that a silent
/// host is off; refused (and audited) for a lower role, a host still heard, a missing method; stored with who and how.</summary>
public sealed class AttestDownApiTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        await TestPools.CreateAsync(_admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    private static Uri Attest(Guid host) => new($"/api/v1/pools/{TestPools.PoolId}/hosts/{host}/attest-down", UriKind.Relative);

    [Fact]
    public async Task A_Pool_Operator_vouches_for_a_dead_host_and_the_plan_and_the_audit_trail_say_who_and_how()
    {
        TestPools.KillA(_factory);
        using var carol = await _factory.ClientAsync("carol", Role.PoolOperator);

        using var response = await carol.PostAsJsonAsync(Attest(TestPools.A), new { method = "out-of-band console", note = "iLO: power off since 03:12" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("performed", (await response.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!.Outcome);
        var plan = await _admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/pools/{TestPools.PoolId}/hosts/{TestPools.A}/plan", UriKind.Relative));
        var confirm = plan.GetProperty("steps")[0];
        Assert.Equal("Done", confirm.GetProperty("status").GetString());
        Assert.Equal("carol", confirm.GetProperty("attestation").GetProperty("by").GetString());
        var audit = await _admin.GetStringAsync(new Uri($"/api/v1/audit?objectId={TestPools.A}", UriKind.Relative));
        Assert.Contains("checked: out-of-band console — iLO: power off since 03:12", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Below_Pool_Operator_a_still_heard_host_and_a_missing_method_are_each_refused_with_a_clear_problem()
    {
        using var vmAdmin = await _factory.ClientAsync("dave", Role.VmPowerAdmin);
        await AssertProblemAsync(await vmAdmin.PostAsJsonAsync(Attest(TestPools.A), new { method = "physically" }), HttpStatusCode.Forbidden, "RBAC_PERMISSION_DENIED");

        _factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!.RecordHeartbeat(TestPools.A);
        var live = await AssertProblemAsync(await _admin.PostAsJsonAsync(Attest(TestPools.A), new { method = "physically" }), HttpStatusCode.Conflict, "HOST_IS_LIVE");
        Assert.Contains("its agent's last heartbeat came at", live.GetProperty("title").GetString(), StringComparison.Ordinal);

        TestPools.KillA(_factory);
        await AssertProblemAsync(await _admin.PostAsJsonAsync(Attest(TestPools.A), new { note = "no method" }), HttpStatusCode.BadRequest, "INVALID_VALUE");
        await AssertProblemAsync(await _admin.PostAsJsonAsync(Attest(Guid.NewGuid()), new { method = "physically" }), HttpStatusCode.NotFound, "UUID_INVALID");

        var plan = await _admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/pools/{TestPools.PoolId}/hosts/{TestPools.A}/plan", UriKind.Relative));
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("steps")[0].GetProperty("attestation").ValueKind);
        var audit = await _admin.GetStringAsync(new Uri($"/api/v1/audit?objectId={TestPools.A}", UriKind.Relative));
        Assert.Equal(3, audit.Split("\"operation\":\"host-attest-down\"").Length - 1);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(code, problem.GetProperty("code").GetString());
            return problem;
        }
    }
}
