using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests.Pools;

/// <summary>A body over the server's limit is answered (413 problem details), not a reset connection, on a real
/// Kestrel socket (the in-memory test server has no body limit).</summary>
public sealed class BodyLimitTests : IDisposable
{
    private readonly PoolDashFactory _factory = new()
    {
        TestServices = s => s.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 64 * 1024),
    };

    public BodyLimitTests() => _factory.UseKestrel(0);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_pool_description_over_the_body_limit_is_413_and_nothing_is_created()
    {
        _factory.StartServer();
        using var client = await _factory.ClientAsync(Role.PoolAdmin);
        var description = TestPools.Description() with { Name = new string('x', 100 * 1024) };
        using var body = new StringContent(System.Text.Json.JsonSerializer.Serialize(description, TestPools.Json), Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/v1/pools", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"REQUEST_BODY_TOO_LARGE\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<List<PoolSummary>>(new Uri("/api/v1/pools", UriKind.Relative), TestPools.Json))!);
    }
}
