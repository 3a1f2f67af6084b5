using System.Text.Json;

namespace PoolDash.Web.Tests.Health;

/// <summary>The OpenAPI document is the API's contract for scripts and agents: every endpoint of ours is in it, each
/// body with its schema, each with the problem details it can answer.</summary>
public sealed class OpenApiTests(DemoPoolDashFactory factory) : IClassFixture<DemoPoolDashFactory>
{
    /// <summary>The state-changing endpoints that read a JSON body.</summary>
    private static readonly (string Method, string Path)[] WithBody =
    [
        ("post", "/api/v1/heartbeats"),
        ("post", "/api/v1/pools"),
        ("post", "/api/v1/pools/{id}/hosts"),
        ("post", "/api/v1/pools/{id}/operations"),
        ("post", "/api/v1/users"),
        ("put", "/api/v1/users/{userName}/role"),
        ("post", "/api/v1/auth/password"),
    ];

    [Fact]
    public async Task Every_state_changing_endpoint_has_its_body_schema_and_its_problem_answers()
    {
        using var client = factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var (method, path) in WithBody)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not in the document");
            Assert.True(operation.TryGetProperty("requestBody", out var body)
                && body.GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _), $"{method} {path} has no JSON body schema");
        }

        // Ours, that is: Identity's own account routes (answered 403 USER_SELF_SERVICE_DISABLED but for login and
        // refresh) describe themselves.
        var ours = paths.EnumerateObject().Where(p => !p.Name.StartsWith("/api/v1/auth/", StringComparison.Ordinal) || p.Name == "/api/v1/auth/password");
        var changing = ours.SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "delete").Select(o => (p.Name, o.Name, o.Value))).ToList();
        Assert.True(changing.Count >= 15, $"only {changing.Count} state-changing endpoints found");
        foreach (var (path, method, operation) in changing)
        {
            var problems = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')).ToList();
            Assert.True(problems.Count > 0, $"{method} {path} lists no 4xx answer");
            Assert.All(problems, r => Assert.True(r.Value.GetProperty("content").TryGetProperty("application/problem+json", out _),
                $"{method} {path} answers {r.Name} without problem details"));
        }
    }
}
