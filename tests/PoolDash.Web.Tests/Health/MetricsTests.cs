using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Incidents;

namespace PoolDash.Web.Tests.Health;

/// <summary>
/// <c>/metrics</c> in Prometheus' text format: hosts by liveness per pool, heartbeats accepted and refused, incidents
/// by state. A scraper from another machine needs the metrics token; a user's sign-in is not one.
/// </summary>
public sealed class MetricsTests : IDisposable
{
    private const string Token = "a-metrics-token-for-prometheus";

    private readonly PoolDashFactory _factory = new() { Settings = new Dictionary<string, string?> { ["PoolDash:Metrics:Token"] = Token } };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Hosts_by_liveness_heartbeats_and_incidents_are_scraped_in_Prometheus_text_format()
    {
        using var admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        var tokens = await TestPools.CreateAsync(admin);
        await TestPools.HeartbeatAsync(admin, tokens[TestPools.B], TestPools.B);
        using (var refused = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats") { Content = System.Net.Http.Json.JsonContent.Create(new { hostId = TestPools.B }) })
        {
            refused.Headers.Authorization = new("Bearer", "not-the-token");
            using var answer = await admin.SendAsync(refused);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        // The book holds the incident once its change is stored (its audit entry commits a moment before).
        var book = _factory.Services.GetRequiredService<IncidentBook>();
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        book.Changed += _ =>
        {
            if (book.List(TestPools.PoolId, IncidentStates.Triggered).Count == 1)
            {
                opened.TrySetResult();
            }
        };
        TestPools.KillA(_factory);
        await opened.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var scraper = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Matches("\npooldash_hosts\\{[^}]*liveness=\"dead\",pool=\"api-pool\"\\} 1\n", text);
        Assert.Matches("\npooldash_hosts\\{[^}]*liveness=\"alive\",pool=\"api-pool\"\\} 2\n", text);
        Assert.Matches("\npooldash_heartbeats_total\\{[^}]*outcome=\"accepted\"\\} [1-9]", text);
        Assert.Matches("\npooldash_heartbeats_total\\{[^}]*outcome=\"refused\"\\} 1\n", text);
        Assert.Matches("\npooldash_incidents\\{[^}]*state=\"triggered\"\\} 1\n", text);
        Assert.Contains("service_name=\"pooldash\"", text, StringComparison.Ordinal);
        Assert.Single(book.List(TestPools.PoolId, IncidentStates.Triggered));
    }

    [Fact]
    public async Task Each_server_scrapes_only_its_own_hosts_and_heartbeats()
    {
        // Two servers in one process, as the tests run them: one server's heartbeats and pools are not the other's.
        using var scraper = _factory.CreateClient();
        Assert.Contains("service_name=\"pooldash\"", await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
        using var other = new PoolDashFactory();
        using (var otherAdmin = await other.ClientAsync("bob", Role.PoolAdmin))
        {
            await TestPools.CreateAsync(otherAdmin);
            using var refused = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats") { Content = System.Net.Http.Json.JsonContent.Create(new { hostId = TestPools.B }) };
            refused.Headers.Authorization = new("Bearer", "not-the-token");
            using var answer = await otherAdmin.SendAsync(refused);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        var text = await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.DoesNotContain("outcome=\"refused\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pool=\"api-pool\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_another_machine_only_the_metrics_token_opens_it()
    {
        using var admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        using var server = _factory.Server;
        foreach (var (authorization, status) in new[] { ((string?)null, HttpStatusCode.Unauthorized), ("Bearer wrong-token", HttpStatusCode.Unauthorized),
            (admin.DefaultRequestHeaders.Authorization!.ToString(), HttpStatusCode.Unauthorized), ($"Bearer {Token}", HttpStatusCode.OK) })
        {
            var context = await server.SendAsync(c =>
            {
                c.Request.Method = "GET";
                c.Request.Path = "/metrics";
                c.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7");
                if (authorization is not null)
                {
                    c.Request.Headers.Authorization = authorization;
                }
            });
            Assert.Equal((int)status, context.Response.StatusCode);
            if (status == HttpStatusCode.Unauthorized)
            {
                var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
                Assert.Equal("SESSION_AUTHENTICATION_FAILED", problem.GetProperty("code").GetString());
            }
        }
    }
}
