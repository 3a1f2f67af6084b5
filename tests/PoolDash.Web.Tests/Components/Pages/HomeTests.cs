using Bunit;
using PoolDash.Web.Components.Pages;

namespace PoolDash.Web.Tests.Components.Pages;

public class HomeTests : PoolDashTestContext
{
    [Fact]
    public void Shows_a_tile_per_pool_with_its_master_and_liveness_counts()
    {
        var page = Render<Home>();

        var tile = Assert.Single(page.FindAll("[data-testid=pool-tile]"));
        Assert.Contains("Demo pool", tile.TextContent, StringComparison.Ordinal);
        Assert.Contains("Master xcp-01", tile.TextContent, StringComparison.Ordinal);
        Assert.Contains("8 alive", tile.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pushed_death_updates_the_tile_without_reload()
    {
        var page = Render<Home>();

        Kill(Demo.Snapshot().Hosts[2].Id);

        page.WaitForAssertion(() => Assert.Contains("1 dead", page.Find("[data-testid=pool-tile]").TextContent, StringComparison.Ordinal));
        Assert.Contains("7 alive", page.Find("[data-testid=pool-tile]").TextContent, StringComparison.Ordinal);
    }
}
