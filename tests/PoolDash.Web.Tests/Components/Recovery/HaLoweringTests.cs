using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;
using PoolDash.Web.Components.Recovery;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests.Components.Recovery;

/// <summary>A step that lowers the HA plan says so before it runs, and runs only when the operator says so.</summary>
public class HaLoweringTests : PoolDashTestContext
{
    private static readonly Guid Nfs = Guid.Parse("5a000000-0000-4000-8000-000000000001");

    [Fact]
    public void Starting_a_vm_that_lowers_the_plan_asks_first_cancel_leaves_it_halted_and_run_anyway_starts_it()
    {
        // Four 64 GiB hosts with 16 GiB protected each tolerate three failures; an 8 GiB protected VM started on h0
        // leaves two (h0, h1, h2 lost: 56 GiB for h3's 48 free).
        var hosts = Enumerable.Range(0, 4).Select(n => new HostDescription
        {
            Id = Guid.NewGuid(),
            Name = $"h{n}",
            Address = $"192.0.2.{n + 1}",
            MemoryMiB = 64 * 1024,
            Role = n == 0 ? Domain.Pools.HostRole.Master : Domain.Pools.HostRole.Member,
        }).ToList();
        var vms = hosts.Select(h => Vm($"vm-{h.Name}", 16, h.Id)).Append(Vm("vm-new", 8, null)).ToList();
        var pool = Domain.Pools.Pool.Create(new PoolDescription
        {
            Id = Guid.NewGuid(),
            Name = "ha-pool",
            HaEnabled = true,
            Hosts = hosts,
            Srs = [new SrDescription { Id = Nfs, Name = "nfs", Shared = true }],
            Vdis = [.. vms.Select(v => new VdiDescription { Id = v.Disks[0].VdiId, Name = $"{v.Name}-disk", SrId = Nfs })],
            Vms = vms,
        }, Time, Stream).Pool!;
        Services.GetRequiredService<PoolRegistry>().TryAdd(pool);
        var vmNew = vms[^1].Id;
        var start = new StartVm(vmNew, hosts[0].Id);

        var page = Render(b =>
        {
            b.OpenComponent<MudDialogProvider>(0);
            b.CloseComponent();
            b.OpenComponent<OperationButton>(1);
            b.AddAttribute(2, nameof(OperationButton.Pool), pool.Snapshot());
            b.AddAttribute(3, nameof(OperationButton.Command), (PoolCommand)start);
            b.AddAttribute(4, nameof(OperationButton.Label), "Start vm-new");
            b.CloseComponent();
        });

        page.FindAll("button").Single(b => b.TextContent == "Start vm-new").Click();
        page.WaitForAssertion(() => Assert.Contains("Start vm-new lowers the HA plan: the pool tolerates 3 host failures now, 2 host failures after it.",
            page.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent == "Cancel").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.Equal(PowerState.Halted, pool.Snapshot().Vms.Single(v => v.Id == vmNew).PowerState);

        page.FindAll("button").Single(b => b.TextContent == "Start vm-new").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".mud-dialog")));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent == "Run it anyway").Click();
        page.WaitForAssertion(() => Assert.Equal(PowerState.Running, pool.Snapshot().Vms.Single(v => v.Id == vmNew).PowerState));
        Assert.Equal(2, pool.PlanHa().FailuresTolerated);
    }

    private static VmDescription Vm(string name, int gib, Guid? on)
    {
        var disk = Guid.NewGuid();
        return new VmDescription
        {
            Id = Guid.NewGuid(),
            Name = name,
            MemoryMiB = gib * 1024L,
            PowerState = on is null ? PowerState.Halted : PowerState.Running,
            ResidentOn = on,
            HaPriority = HaRestartPriority.Restart,
            Disks = [new Vbd(disk, AttachMode.RW)],
        };
    }
}
