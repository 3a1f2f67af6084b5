using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests.Heartbeats;

/// <summary>The public heartbeat contract: 204, and every refusal with its code, leaving the pool as it was.</summary>
public sealed class HeartbeatApiTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private HttpClient _client = null!;
    private Dictionary<Guid, string> _tokens = [];

    public async Task InitializeAsync()
    {
        _client = await _factory.ClientAsync(Role.PoolAdmin);
        _tokens = await TestPools.CreateAsync(_client);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_heartbeat_with_the_hosts_token_is_204_and_moves_its_last_heartbeat()
    {
        _factory.Time.Advance(TimeSpan.FromSeconds(42));

        using var response = await Send($$"""{"hostId":"{{TestPools.A}}","agent":"xe-heartbeat 1.0"}""", _tokens[TestPools.A]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var host = await HostAsync(TestPools.A);
        Assert.Equal(_factory.Time.GetUtcNow(), host.GetProperty("lastHeartbeat").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"hostId":"not-a-uuid"}""")]
    [InlineData("""{"hostId":42}""")]
    [InlineData("""["20000000-0000-4000-8000-00000000000a"]""")]
    [InlineData("""{"hostId":"20000000-0000-4000-8000-00000000000a"} trailing""")]
    public async Task A_malformed_body_is_400_HEARTBEAT_MALFORMED_and_changes_nothing(string body)
    {
        await AssertRefusedAsync(() => Send(body, _tokens[TestPools.A]), HttpStatusCode.BadRequest, "HEARTBEAT_MALFORMED");
    }

    [Fact]
    public async Task A_missing_token_is_401()
    {
        using var anonymous = _factory.CreateClient();

        await AssertRefusedAsync(() => Send(Body(TestPools.A), token: null, anonymous), HttpStatusCode.Unauthorized, "HEARTBEAT_TOKEN_MISSING");
    }

    [Fact]
    public async Task A_wrong_token_is_401()
    {
        await AssertRefusedAsync(() => Send(Body(TestPools.A), "not-the-token"), HttpStatusCode.Unauthorized, "HEARTBEAT_TOKEN_INVALID");
    }

    [Fact]
    public async Task The_token_of_host_A_never_counts_for_host_B()
    {
        await AssertRefusedAsync(() => Send(Body(TestPools.B), _tokens[TestPools.A]), HttpStatusCode.Unauthorized, "HEARTBEAT_TOKEN_INVALID");
    }

    [Fact]
    public async Task An_unknown_host_is_404_HOST_UNKNOWN_TO_MASTER()
    {
        await AssertRefusedAsync(() => Send(Body(Guid.NewGuid()), _tokens[TestPools.A]), HttpStatusCode.NotFound, "HOST_UNKNOWN_TO_MASTER");
    }

    [Fact]
    public async Task A_forgotten_host_with_its_own_token_is_404_HOST_UNKNOWN_TO_MASTER()
    {
        // B falls silent for the pool's 600 s while the others report, then is forgotten.
        _factory.Time.Advance(TimeSpan.FromSeconds(300));
        await Send(Body(TestPools.M), _tokens[TestPools.M]);
        await Send(Body(TestPools.A), _tokens[TestPools.A]);
        _factory.Time.Advance(TimeSpan.FromSeconds(300));
        var pool = _factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!;
        pool.Sweep();
        Assert.Equal(CommandOutcome.Performed, pool.Execute(new ForgetHost(TestPools.B), "test").Outcome);

        await AssertRefusedAsync(() => Send(Body(TestPools.B), _tokens[TestPools.B]), HttpStatusCode.NotFound, "HOST_UNKNOWN_TO_MASTER");
        Assert.Contains(TestPools.B, pool.Snapshot().ForgottenHostIds);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var padding = new string(' ', 2000);
        await AssertRefusedAsync(() => Send(padding + Body(TestPools.A), _tokens[TestPools.A]), HttpStatusCode.RequestEntityTooLarge, "HEARTBEAT_TOO_LARGE");
    }

    private static string Body(Guid hostId) => $$"""{"hostId":"{{hostId}}"}""";

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string code)
    {
        _factory.Time.Advance(TimeSpan.FromSeconds(10));
        var before = await TestPools.StateAsync(_client);

        using var response = await send();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(before, await TestPools.StateAsync(_client));
    }

    /// <summary>A heartbeat as a host sends it; through <paramref name="client"/> when given (the shared one carries a
    /// user's bearer token by default).</summary>
    private async Task<HttpResponseMessage> Send(string body, string? token, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await (client ?? _client).SendAsync(request);
    }

    private async Task<JsonElement> HostAsync(Guid hostId)
    {
        using var state = JsonDocument.Parse(await TestPools.StateAsync(_client));
        return state.RootElement.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("id").GetGuid() == hostId).Clone();
    }
}
