using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests.Recovery;

/// <summary>Through the API too, a step that lowers the HA plan says so before it runs: it is refused until the
/// request says what it costs was read (<c>confirmation.acknowledgeHaPlan</c>).</summary>
public sealed class HaPlanApiTests : IDisposable
{
    private readonly PoolDashFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Starting_a_vm_that_lowers_the_plan_is_refused_until_acknowledged_and_a_step_that_does_not_needs_nothing()
    {
        using var admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        await TestPools.CreateAsync(admin, HaTestPool.Description());
        var operations = new Uri($"/api/v1/pools/{HaTestPool.PoolId}/operations", UriKind.Relative);
        var start = new { operation = "vm-start", vmId = HaTestPool.VmNew, hostId = HaTestPool.H0 };

        using (var refused = await admin.PostAsJsonAsync(operations, start))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("CONFIRMATION_REQUIRED", "confirmation"), (problem.GetProperty("code").GetString(), problem.GetProperty("gate").GetString()));
            Assert.Contains("confirmation.acknowledgeHaPlan must be true", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Contains("the pool tolerates 3 host failures now, 2 host failures after it", problem.GetRawText(), StringComparison.Ordinal);
        }

        var pool = _factory.Services.GetRequiredService<PoolRegistry>().Find(HaTestPool.PoolId)!;
        Assert.Equal(PowerState.Halted, pool.Snapshot().Vms.Single(v => v.Name == "vm-new").PowerState);

        using (var started = await admin.PostAsJsonAsync(operations, new { start.operation, start.vmId, start.hostId, confirmation = new { acknowledgeHaPlan = true } }))
        {
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        }

        Assert.Equal(PowerState.Running, pool.Snapshot().Vms.Single(v => v.Name == "vm-new").PowerState);
        Assert.Equal(2, pool.PlanHa().FailuresTolerated);

        // Shutting a protected VM down gives room back: nothing to acknowledge.
        using (var shutdown = await admin.PostAsJsonAsync(operations, new { operation = "vm-shutdown", vmId = HaTestPool.VmNew }))
        {
            Assert.Equal(HttpStatusCode.OK, shutdown.StatusCode);
        }
    }
}
