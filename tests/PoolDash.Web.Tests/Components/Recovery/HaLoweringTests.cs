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
    [Fact]
    public void Starting_a_vm_that_lowers_the_plan_asks_first_cancel_leaves_it_halted_and_run_anyway_starts_it()
    {
        var pool = Domain.Pools.Pool.Create(HaTestPool.Description(), Time, Stream).Pool!;
        Services.GetRequiredService<PoolRegistry>().TryAdd(pool);
        var vmNew = HaTestPool.VmNew;
        var start = new StartVm(vmNew, HaTestPool.H0);

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
}
