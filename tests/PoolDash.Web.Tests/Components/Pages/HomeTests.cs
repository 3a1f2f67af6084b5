using Bunit;
using PoolDash.Domain.Heartbeats;
using PoolDash.Web.Components.Pages;
using PoolDash.Web.Demo;

namespace PoolDash.Web.Tests.Components.Pages;

public class HomeTests : PoolDashTestContext
{
    [Fact]
    public void Shows_every_host_of_the_demo_pool_with_its_role()
    {
        var page = Render<Home>();

        var rows = page.FindAll("tbody tr");
        Assert.Equal(DemoPool.HostCount, rows.Count);
        Assert.Contains("master", rows[0].TextContent, StringComparison.Ordinal);
        Assert.All(rows.Skip(1), r => Assert.Contains("member", r.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_host_silent_past_the_timeout_is_shown_dead()
    {
        Time.Advance(DemoTimeout);
        foreach (var host in Demo.Snapshot().Hosts.Skip(1))
        {
            Assert.Equal(HeartbeatOutcome.Recorded, Demo.RecordHeartbeat(host.Id).Outcome);
        }

        Demo.Sweep();

        var page = Render<Home>();
        var dead = Assert.Single(page.FindAll("td.pd-liveness-dead"));
        Assert.Equal("Dead", dead.TextContent);
        Assert.Contains("xcp-01", dead.ParentElement!.TextContent, StringComparison.Ordinal);
    }
}
