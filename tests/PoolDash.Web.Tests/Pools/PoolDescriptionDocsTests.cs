using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests.Pools;

/// <summary>
/// The published JSON Schema of the pool description is the one the API reads, and the published example is a pool
/// PoolDash accepts. Set POOLDASH_UPDATE_DOCS=1 to rewrite the schema after changing the description types.
/// </summary>
public sealed class PoolDescriptionDocsTests
{
    private static readonly string Docs = Path.Combine(TestSupport.Repository.Root(), "docs");

    [Fact]
    public async Task The_published_schema_is_the_one_generated_from_the_description_types()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() }, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        var schema = options.GetJsonSchemaAsNode(typeof(PoolDescription), new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["title"] = "PoolDash pool description";
        var generated = schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Path.Combine(Docs, "pool-description.schema.json");
        if (Environment.GetEnvironmentVariable("POOLDASH_UPDATE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        Assert.Equal(generated, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task The_published_example_creates_a_pool()
    {
        using var factory = new PoolDashFactory();
        using var client = await factory.ClientAsync(Role.PoolAdmin);
        using var content = new StringContent(await File.ReadAllTextAsync(Path.Combine(Docs, "pool-description.example.json")), Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/v1/pools", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pool = Assert.Single(factory.Services.GetRequiredService<PoolRegistry>().All);
        Assert.Equal(3, pool.Snapshot().Hosts.Count);
    }

    [Fact]
    public async Task A_description_file_given_in_configuration_is_created_at_start()
    {
        using var factory = new FileFactory(Path.Combine(Docs, "pool-description.example.json"));
        using var client = await factory.ClientAsync(Role.PoolAdmin);

        var pools = await client.GetStringAsync(new Uri("/api/v1/pools", UriKind.Relative));

        Assert.Contains("\"name\":\"lab-pool\"", pools, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_heartbeat_tokens_of_a_description_file_never_reach_the_log()
    {
        var logs = new TestSupport.LogCollector();
        using var factory = new FileFactory(Path.Combine(Docs, "pool-description.example.json"))
        {
            TestServices = s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs),
        };
        using var client = await factory.ClientAsync(Role.ReadOnly);
        Assert.Contains("\"name\":\"lab-pool\"", await client.GetStringAsync(new Uri("/api/v1/pools", UriKind.Relative)), StringComparison.Ordinal);

        // A token is 32 random bytes in base64url: 43 characters that no log message of PoolDash's contains.
        Assert.Contains(logs.Messages, m => m.Contains("heartbeat tokens were printed to the console once", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => System.Text.RegularExpressions.Regex.IsMatch(m, "(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"));
    }

    private sealed class FileFactory(string file) : PoolDashFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("PoolDash:PoolDescriptionFiles:0", file);
        }
    }
}
