using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Pools;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Tests.Recovery;

/// <summary>Operations through the API pass the state gate, then the typed confirmation; every refusal names its
/// gate and changes nothing.</summary>
public sealed class OperationApiTests : IAsyncLifetime, IDisposable
{
    private static readonly Uri Operations = new($"/api/v1/pools/{TestPools.PoolId}/operations", UriKind.Relative);
    private readonly PoolDashFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.ClientAsync(Role.PoolAdmin);
        await TestPools.CreateAsync(_client);

        TestPools.KillA(_factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_confirmed_step_runs_and_its_repeat_says_who_already_did_it()
    {
        var reset = Reset(new OperationConfirmation("web", null, true));

        var first = await PostAsync(reset);
        var second = await PostAsync(reset);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("performed", (await first.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!.Outcome);
        var repeat = (await second.Content.ReadFromJsonAsync<OperationResponse>(TestPools.Json))!;
        Assert.Equal(("already-done", "pool-admin"), (repeat.Outcome, repeat.By));
        Assert.Contains("\"powerState\":\"Halted\"", await TestPools.StateAsync(_client), StringComparison.Ordinal);

        // Stored before it was acknowledged, so the persister does not write the same state again for its events.
        var pool = _factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!;
        Assert.True(_factory.Services.GetRequiredService<PoolDash.Web.Persistence.PoolStore>().IsSavedThrough(TestPools.PoolId, pool.Sequence));
    }

    [Theory]
    [InlineData(null, false, "targetName")]
    [InlineData("WEB", true, "targetName")]
    [InlineData("web", false, "acknowledgeWarning")]
    public async Task A_missing_or_wrong_confirmation_is_refused_at_the_confirmation_gate_and_changes_nothing(string? name, bool acknowledge, string field)
    {
        var before = await ExportAsync();

        using var response = await PostAsync(Reset(new OperationConfirmation(name, null, acknowledge)));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "confirmation", "CONFIRMATION_REQUIRED");
        Assert.Contains(field, problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await ExportAsync());
        var audit = await _client.GetStringAsync(new Uri("/api/v1/audit?actor=pool-admin", UriKind.Relative));
        Assert.Contains("CONFIRMATION_REQUIRED", audit, StringComparison.Ordinal);
        Assert.Contains("gate: confirmation", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resetvdis_also_needs_the_SRs_exact_name()
    {
        var request = new OperationRequest("resetvdis", TestPools.A, null, TestPools.Nfs, false, new OperationConfirmation("xs-a", "NFS", true));

        using var response = await PostAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "confirmation", "CONFIRMATION_REQUIRED");
        Assert.Contains("srName must be 'nfs'", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_the_state_does_not_allow_is_refused_at_the_state_gate_with_the_XAPI_error_before_any_confirmation()
    {
        var before = await ExportAsync();

        using var response = await PostAsync(new OperationRequest("host-forget", TestPools.B, null, null, false, null));

        await ProblemAsync(response, HttpStatusCode.Conflict, "state", "HOST_IS_LIVE");
        Assert.Equal(before, await ExportAsync());
    }

    [Fact]
    public async Task An_unknown_operation_is_400_INVALID_OPERATION_listing_the_known_ones()
    {
        using var response = await PostAsync(new OperationRequest("host-reboot", TestPools.A, null, null, false, null));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "request", "INVALID_OPERATION");
        Assert.Contains("host-forget", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The pool's whole state without its event counter (a state refusal is itself an event).</summary>
    private Task<string> ExportAsync() => _client.GetStringAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative));

    private static OperationRequest Reset(OperationConfirmation confirmation) =>
        new("vm-reset-powerstate", null, TestPools.Web, null, false, confirmation);

    private Task<HttpResponseMessage> PostAsync(OperationRequest request) => _client.PostAsJsonAsync(Operations, request, TestPools.Json);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string gate, string code)
    {
        Assert.Equal(status, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = document.RootElement.Clone();
        Assert.Equal(gate, problem.GetProperty("gate").GetString());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
