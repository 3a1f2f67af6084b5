using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Tests.Auth;

/// <summary>Gate 1 through the API: every operation tried as every role; exactly the roles DOMAIN.md allows get past
/// the role gate, and a role refusal changes nothing.</summary>
public sealed class RoleMatrixApiTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = await _factory.ClientAsync(Role.PoolAdmin);
        await TestPools.CreateAsync(_admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    /// <summary>One request per operation of the API, each with the confirmation it would need.</summary>
    private static readonly Dictionary<string, OperationRequest> Requests = new()
    {
        [Operations.HostForget] = new(Operations.HostForget, TestPools.A, null, null, false, new("xs-a", null, true)),
        [Operations.HostDeclareDead] = new(Operations.HostDeclareDead, TestPools.A, null, null, false, new("xs-a", null, true)),
        [Operations.VmResetPowerState] = new(Operations.VmResetPowerState, null, TestPools.Web, null, false, new("web", null, true)),
        [Operations.ResetVdis] = new(Operations.ResetVdis, TestPools.A, null, TestPools.Nfs, false, new("xs-a", "nfs", true)),
        [Operations.VmStart] = new(Operations.VmStart, TestPools.B, TestPools.Web, null, false, null),
        [Operations.VmShutdown] = new(Operations.VmShutdown, null, TestPools.Web, null, false, null),
        [Operations.EmergencyTransitionToMaster] = new(Operations.EmergencyTransitionToMaster, TestPools.B, null, null, false, new("xs-b", null, true)),
        [Operations.RecoverSlaves] = new(Operations.RecoverSlaves, TestPools.M, null, null, false, null),
        [Operations.HaEnable] = new(Operations.HaEnable, null, null, null, false, null),
        [Operations.HaDisable] = new(Operations.HaDisable, null, null, null, false, null),
        [Operations.TwoPersonRuleDisable] = new(Operations.TwoPersonRuleDisable, null, null, null, false, null),
        [Operations.TwoPersonRuleEnable] = new(Operations.TwoPersonRuleEnable, null, null, null, false, null),
    };

    [Fact]
    public async Task Every_operation_as_every_role_passes_the_role_gate_exactly_for_the_allowed_roles()
    {
        foreach (var role in Roles.All)
        {
            using var client = await _factory.ClientAsync(role);
            foreach (var (operation, request) in Requests)
            {
                var before = await ExportAsync();

                using var response = await client.PostAsJsonAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/operations", UriKind.Relative), request, TestPools.Json);

                var refusedByRole = await IsRoleRefusalAsync(response);
                Assert.True(refusedByRole == (role < Operations.Get(operation).RequiredRole), $"{Roles.Name(role)} × {operation}: role refusal {refusedByRole}");
                if (refusedByRole)
                {
                    Assert.Equal(before, await ExportAsync());
                }
            }

            // Joining a host (it hands out a heartbeat token) is a Pool Admin's too.
            using var join = await client.PostAsJsonAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/hosts", UriKind.Relative),
                new { hostId = Guid.NewGuid(), name = $"new-{role}", address = "192.0.2.9", memoryMiB = 1024 });
            Assert.Equal(role == Role.PoolAdmin ? HttpStatusCode.Created : HttpStatusCode.Forbidden, join.StatusCode);
        }
    }

    private Task<string> ExportAsync() => _admin.GetStringAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative));

    private static async Task<bool> IsRoleRefusalAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("RBAC_PERMISSION_DENIED", problem.GetProperty("code").GetString());
        return problem.GetProperty("gate").GetString() == "role";
    }
}
