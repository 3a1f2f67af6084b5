using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests.Pools;

/// <summary>Pool descriptions in, pool state out: create, refuse whole, join, read, export and import.</summary>
public sealed class PoolApiTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.ClientAsync(Role.PoolAdmin);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Creating_a_pool_answers_one_distinct_token_per_host_and_the_pool_is_listed()
    {
        var tokens = await TestPools.CreateAsync(_client);

        Assert.Equal([TestPools.M, TestPools.A, TestPools.B], tokens.Keys);
        Assert.Equal(3, tokens.Values.Distinct().Count());
        var pools = await _client.GetFromJsonAsync<List<PoolSummary>>(new Uri("/api/v1/pools", UriKind.Relative), TestPools.Json);
        var summary = Assert.Single(pools!);
        Assert.Equal(("api-pool", "xs-m", 3, 1), (summary.Name, summary.MasterName, summary.Alive, summary.Vms));
    }

    [Fact]
    public async Task An_inconsistent_description_is_refused_whole_with_every_problem_named_and_nothing_created()
    {
        var d = TestPools.Description();
        var broken = d with
        {
            Hosts = [.. d.Hosts, d.Hosts[1] with { Role = HostRole.Master }, d.Hosts[2]],
            Vms =
            [
                .. d.Vms,
                new VmDescription { Id = Guid.NewGuid(), Name = "lost", MemoryMiB = 1024, PowerState = PowerState.Running, ResidentOn = Guid.NewGuid() },
                new VmDescription
                {
                    Id = Guid.NewGuid(), Name = "second-writer", MemoryMiB = 1024, PowerState = PowerState.Running, ResidentOn = TestPools.B,
                    Disks = [new Vbd(TestPools.WebDisk, AttachMode.RW)],
                },
            ],
        };

        using var response = await _client.PostAsJsonAsync(new Uri("/api/v1/pools", UriKind.Relative), broken, TestPools.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("INVALID_POOL_DESCRIPTION", problem.RootElement.GetProperty("code").GetString());
        var messages = problem.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}").ToList();
        Assert.Contains(messages, m => m.Contains("duplicate", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(messages, m => m.Contains("master", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(messages, m => m.StartsWith("vms[1]", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("RW", StringComparison.Ordinal));
        Assert.Equal("[]", await _client.GetStringAsync(new Uri("/api/v1/pools", UriKind.Relative)));
    }

    [Fact]
    public async Task A_body_that_is_not_a_description_is_400_INVALID_JSON_naming_where()
    {
        using var content = new StringContent("""{"id":"aaaaaaaa-0000-4000-8000-000000000001","hosts":[{"role":"Boss"}]}""", Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync(new Uri("/api/v1/pools", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("INVALID_JSON", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("hosts[0].role", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_pool_twice_is_409_and_the_first_stands()
    {
        await TestPools.CreateAsync(_client);
        var before = await TestPools.StateAsync(_client);

        using var response = await _client.PostAsJsonAsync(new Uri("/api/v1/pools", UriKind.Relative), TestPools.Description() with { Name = "other" }, TestPools.Json);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(before, await TestPools.StateAsync(_client));
    }

    [Fact]
    public async Task A_joined_host_gets_its_own_token_and_a_forgotten_id_is_refused()
    {
        await TestPools.CreateAsync(_client);
        var newHost = Guid.NewGuid();

        using var joined = await _client.PostAsJsonAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/hosts", UriKind.Relative),
            new JoinHostRequest(newHost, "xs-new", "192.0.2.9", 65536), TestPools.Json);
        using var again = await _client.PostAsJsonAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/hosts", UriKind.Relative),
            new JoinHostRequest(TestPools.A, "xs-a", "192.0.2.2", 65536), TestPools.Json);

        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var token = await joined.Content.ReadFromJsonAsync<IssuedToken>(TestPools.Json);
        Assert.Equal(newHost, token!.HostId);
        Assert.False(string.IsNullOrEmpty(token.Token));
        Assert.Contains("xs-new", await TestPools.StateAsync(_client), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var problem = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal("JOINING_HOST_ALREADY_IN_POOL", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Creating_a_pool_and_joining_a_host_go_through_the_audited_gates_with_the_users_name()
    {
        using var operatorClient = await _factory.ClientAsync("olga", Role.PoolOperator);
        using var denied = await operatorClient.PostAsJsonAsync(new Uri("/api/v1/pools", UriKind.Relative), TestPools.Description(), TestPools.Json);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("RBAC_PERMISSION_DENIED", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await _client.GetFromJsonAsync<List<PoolSummary>>(new Uri("/api/v1/pools", UriKind.Relative), TestPools.Json))!);

        await TestPools.CreateAsync(_client);
        var newHost = Guid.NewGuid();
        using var joinDenied = await operatorClient.PostAsJsonAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/hosts", UriKind.Relative),
            new { hostId = newHost, name = "xs-d", address = "192.0.2.9", memoryMiB = 32768 });
        Assert.Equal(HttpStatusCode.Forbidden, joinDenied.StatusCode);
        using var joined = await _client.PostAsJsonAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/hosts", UriKind.Relative),
            new { hostId = newHost, name = "xs-d", address = "192.0.2.9", memoryMiB = 32768 });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);

        var audit = await _client.GetFromJsonAsync<List<PoolDash.Web.Audit.AuditRecord>>(new Uri($"/api/v1/audit?poolId={TestPools.PoolId}", UriKind.Relative), TestPools.Json);
        Assert.Equal(
            [("olga", Operations.PoolCreate, "refused"), ("pool-admin", Operations.PoolCreate, "performed"), ("olga", Operations.HostJoin, "refused"), ("pool-admin", Operations.HostJoin, "performed")],
            audit!.Where(e => e.Operation is Operations.PoolCreate or Operations.HostJoin).Select(e => (e.Actor, e.Operation, e.Outcome)));
    }

    [Fact]
    public async Task A_new_agent_token_replaces_the_old_one_and_comes_with_the_install_commands_and_files()
    {
        var tokens = await TestPools.CreateAsync(_client);
        var uri = new Uri($"/api/v1/pools/{TestPools.PoolId}/hosts/{TestPools.A}/agent-token", UriKind.Relative);
        using var operatorClient = await _factory.ClientAsync("olga", Role.PoolOperator);
        using var denied = await operatorClient.PostAsync(uri, null);

        using var issued = await _client.PostAsync(uri, null);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var answer = await issued.Content.ReadFromJsonAsync<AgentToken>(TestPools.Json);
        Assert.Contains($"POOLDASH_TOKEN={answer!.Token}", answer.InstallCommands, StringComparison.Ordinal);
        await TestPools.HeartbeatAsync(_client, answer.Token, TestPools.A);
        using var old = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/heartbeats", UriKind.Relative))
        {
            Content = JsonContent.Create(new { hostId = TestPools.A }),
        };
        old.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens[TestPools.A]);
        using var refused = await _client.SendAsync(old);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var anonymous = _factory.CreateClient();
        Assert.StartsWith("#!/bin/sh", await anonymous.GetStringAsync(new Uri("/agent/pooldash-agent.sh", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("[Service]", await anonymous.GetStringAsync(new Uri("/agent/pooldash-agent.service", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_pool_is_404_UUID_INVALID()
    {
        using var response = await _client.GetAsync(new Uri($"/api/v1/pools/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("UUID_INVALID", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Export_then_import_into_another_PoolDash_restores_the_same_pool()
    {
        await TestPools.CreateAsync(_client);
        var export = await _client.GetStringAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative));

        using var other = new PoolDashFactory();
        using var otherClient = await other.ClientAsync(Role.PoolAdmin);
        using var content = new StringContent(export, Encoding.UTF8, "application/json");
        using var imported = await otherClient.PostAsync(new Uri("/api/v1/pools", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal(export, await otherClient.GetStringAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative)));
        var description = JsonSerializer.Deserialize<PoolDescription>(export, TestPools.Json)!;
        Assert.Equal(("api-pool", 3, 1, 1), (description.Name, description.Hosts.Count, description.Vms.Count, description.Vdis[0].AttachKeys.Count));
    }
}
