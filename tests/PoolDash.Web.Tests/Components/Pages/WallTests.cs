using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Web.Components.Pages;
using PoolDash.Web.Incidents;

namespace PoolDash.Web.Tests.Components.Pages;

/// <summary>The wall shows each pool's open incidents and who is on each, live.</summary>
public class WallTests : PoolDashTestContext
{
    [Fact]
    public async Task An_open_incident_shows_on_its_pools_tile_and_then_who_is_on_it_and_why()
    {
        var xcp03 = Demo.Snapshot().Hosts.Single(h => h.Name == "xcp-03").Id;
        var book = Services.GetRequiredService<IncidentBook>();
        using var events = Stream.Subscribe();
        Kill(xcp03);
        while (events.Reader.TryRead(out var e))
        {
            await book.TrackAsync(e);
        }

        var wall = Render<Wall>();
        Assert.Equal("xcp-03 dead — nobody has acknowledged it", wall.Find("[data-testid=wall-incident]").TextContent.Trim());

        await book.AcknowledgeAsync(Assert.Single(book.List(Demo.Id, null)).Id, "victor", "web", "driving to the DC");

        wall.WaitForAssertion(() => Assert.Equal("xcp-03 dead — victor is on it: driving to the DC", wall.Find("[data-testid=wall-incident]").TextContent.Trim()));
    }
}
