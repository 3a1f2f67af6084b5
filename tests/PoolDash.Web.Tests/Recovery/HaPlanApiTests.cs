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
    private static readonly Guid PoolId = Guid.Parse("aaaaaaaa-0000-4000-8000-00000000b001");
    private static readonly Guid Nfs = Guid.Parse("5b000000-0000-4000-8000-000000000001");
    private readonly PoolDashFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Starting_a_vm_that_lowers_the_plan_is_refused_until_acknowledged_and_a_step_that_does_not_needs_nothing()
    {
        using var admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        // Four 64 GiB hosts with 16 GiB protected each tolerate three failures; an 8 GiB protected VM started on h0
        // leaves two (h0, h1 and h2 lost: 56 GiB for h3's 48 free).
        var hosts = Enumerable.Range(0, 4).Select(n => new HostDescription
        {
            Id = Guid.Parse($"1b000000-0000-4000-8000-00000000000{n}"),
            Name = $"h{n}",
            Address = $"192.0.2.{n + 1}",
            MemoryMiB = 64 * 1024,
            Role = n == 0 ? Domain.Pools.HostRole.Master : Domain.Pools.HostRole.Member,
        }).ToList();
        var vms = hosts.Select((h, n) => Vm(n, $"vm-{h.Name}", 16, h.Id)).Append(Vm(9, "vm-new", 8, null)).ToList();
        await TestPools.CreateAsync(admin, new PoolDescription
        {
            Id = PoolId,
            Name = "ha-pool",
            HaEnabled = true,
            Hosts = hosts,
            Srs = [new SrDescription { Id = Nfs, Name = "nfs", Shared = true }],
            Vdis = [.. vms.Select(v => new VdiDescription { Id = v.Disks[0].VdiId, Name = $"{v.Name}-disk", SrId = Nfs })],
            Vms = vms,
        });
        var operations = new Uri($"/api/v1/pools/{PoolId}/operations", UriKind.Relative);
        var start = new { operation = "vm-start", vmId = vms[^1].Id, hostId = hosts[0].Id };

        using (var refused = await admin.PostAsJsonAsync(operations, start))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("CONFIRMATION_REQUIRED", "confirmation"), (problem.GetProperty("code").GetString(), problem.GetProperty("gate").GetString()));
            Assert.Contains("confirmation.acknowledgeHaPlan must be true", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Contains("from 3 host failure(s) tolerated to 2", problem.GetRawText(), StringComparison.Ordinal);
        }

        var pool = _factory.Services.GetRequiredService<PoolRegistry>().Find(PoolId)!;
        Assert.Equal(PowerState.Halted, pool.Snapshot().Vms.Single(v => v.Name == "vm-new").PowerState);

        using (var started = await admin.PostAsJsonAsync(operations, new { start.operation, start.vmId, start.hostId, confirmation = new { acknowledgeHaPlan = true } }))
        {
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        }

        Assert.Equal(PowerState.Running, pool.Snapshot().Vms.Single(v => v.Name == "vm-new").PowerState);
        Assert.Equal(2, pool.PlanHa().FailuresTolerated);

        // Shutting a protected VM down gives room back: nothing to acknowledge.
        using (var shutdown = await admin.PostAsJsonAsync(operations, new { operation = "vm-shutdown", vmId = vms[^1].Id }))
        {
            Assert.Equal(HttpStatusCode.OK, shutdown.StatusCode);
        }
    }

    private static VmDescription Vm(int n, string name, int gib, Guid? on) => new()
    {
        Id = Guid.Parse($"7b000000-0000-4000-8000-00000000000{n}"),
        Name = name,
        MemoryMiB = gib * 1024L,
        PowerState = on is null ? PowerState.Halted : PowerState.Running,
        ResidentOn = on,
        HaPriority = HaRestartPriority.Restart,
        Disks = [new Vbd(Guid.Parse($"6b000000-0000-4000-8000-00000000000{n}"), AttachMode.RW)],
    };
}
