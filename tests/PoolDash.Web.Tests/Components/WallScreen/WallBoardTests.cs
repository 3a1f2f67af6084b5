using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Components.WallScreen;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;
using PoolDash.Web.Recovery;
using WallPage = PoolDash.Web.Components.Pages.Wall;

namespace PoolDash.Web.Tests.Components.WallScreen;

/// <summary>
/// The wall as a team runs an incident from it: a pool in trouble first and larger, one tile per host saying its state
/// by colour and by word with its countdown and VMs, and on each pool what is waiting for a second Pool Admin, the
/// maintenance windows and who is looking.
/// </summary>
public class WallBoardTests : PoolDashTestContext
{
    [Fact]
    public void A_pool_with_a_dead_member_is_drawn_first_and_its_tiles_say_each_hosts_state_countdown_and_vms()
    {
        // "Alpha pool" sorts before "Demo pool" by name; trouble comes before the alphabet.
        var healthy = Domain.Pools.Pool.Create(TestPools.Description() with { Name = "Alpha pool" }, Time, Stream).Pool!;
        Services.GetRequiredService<PoolRegistry>().TryAdd(healthy);
        var xcp03 = Demo.Snapshot().Hosts.Single(h => h.Name == "xcp-03");
        var stillOnIt = Demo.Snapshot().Vms.Where(v => v.ResidentOn == xcp03.Id && v.PowerState != Domain.Vms.PowerState.Halted).Select(v => v.Name)
            .Order(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.NotEmpty(stillOnIt);
        Kill(xcp03.Id);

        var wall = Render<WallPage>();

        var pools = wall.FindAll("[data-testid=wall-tile]");
        Assert.Equal(["Demo pool", "Alpha pool"], pools.Select(p => p.GetAttribute("data-pool")));
        Assert.Contains("pd-pool-red", pools[0].ClassList);
        Assert.Contains("pd-pool-green", pools[1].ClassList);
        Assert.Equal("7 alive · 1 dead", wall.Find("[data-pool='Demo pool'] [data-testid=wall-counts]").TextContent);
        Assert.Equal("2 pools: 1 in trouble, 0 to watch", wall.Find("[data-testid=wall-summary]").TextContent);

        var dead = wall.Find("[data-host='xcp-03']");
        Assert.Equal("dead", dead.GetAttribute("data-state"));
        Assert.Contains("pd-tile-dead", dead.ClassList);
        Assert.Equal("DEAD", dead.QuerySelector("[data-testid=host-tile-state]")!.TextContent);
        Assert.Equal($"{stillOnIt.Count} VMs still on it: {string.Join(", ", stillOnIt)}", dead.QuerySelector("[data-testid=host-tile-vms]")!.TextContent);
        Assert.Null(dead.QuerySelector(".pd-countdown"));

        // A live host shows no countdown: it moves with every heartbeat, and the word says the host is well.
        var master = wall.Find("[data-host='xcp-01']");
        Assert.Equal("ALIVE · master", master.QuerySelector("[data-testid=host-tile-state]")!.TextContent);
        Assert.Null(master.QuerySelector(".pd-countdown"));
        Assert.Equal("ALIVE", wall.Find("[data-host='xs-a'] [data-testid=host-tile-state]").TextContent);
        Assert.Equal("1 VM: web", wall.Find("[data-host='xs-a'] [data-testid=host-tile-vms]").TextContent);
    }

    [Fact]
    public void A_host_turning_suspect_changes_its_tile_live_without_a_reload()
    {
        var wall = Render<WallPage>();
        var xcp05 = Demo.Snapshot().Hosts.Single(h => h.Name == "xcp-05").Id;
        Assert.Equal("alive", wall.Find("[data-host='xcp-05']").GetAttribute("data-state"));

        // Every host beats once a second; then xcp-05 falls silent for five: overdue for its rhythm, far from dead.
        for (var second = 0; second < 15; second++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            foreach (var host in Demo.Snapshot().Hosts.Where(h => second < 10 || h.Id != xcp05))
            {
                Demo.RecordHeartbeat(host.Id);
            }
        }

        Demo.Sweep();

        wall.WaitForAssertion(() => Assert.Equal("suspect", wall.Find("[data-host='xcp-05']").GetAttribute("data-state")));
        Assert.Equal("SUSPECT", wall.Find("[data-host='xcp-05'] [data-testid=host-tile-state]").TextContent);
        // Quiet for five seconds of a thirty-second timeout: its verdict is 25 s away, and the tile counts it down.
        Assert.Equal("dead in 25 s", wall.Find("[data-host='xcp-05'] .pd-tile-verdict").TextContent);
        Assert.Contains("pd-pool-amber", wall.Find("[data-testid=wall-tile]").ClassList);
    }

    [Fact]
    public async Task Steps_waiting_for_a_second_pool_admin_maintenance_and_who_is_looking_are_on_the_pool()
    {
        var xcp04 = Demo.Snapshot().Hosts.Single(h => h.Name == "xcp-04").Id;
        Assert.True(Demo.Execute(new StartMaintenance(Demo.Id, Guid.NewGuid(), xcp04, "firmware update", "carol", Time.GetUtcNow().AddHours(2)), "carol").Succeeded);
        var wall = Render<WallPage>();
        Assert.Equal("maintenance", wall.Find("[data-host='xcp-04']").GetAttribute("data-state"));
        var clock = Services.GetRequiredService<PoolDash.Web.Components.Shared.ViewerClock>();
        Assert.Equal($"Maintenance: xcp-04 until {clock.Local(Time.GetUtcNow().AddHours(2), "HH:mm")} — firmware update (carol)",
            Squash(wall.Find("[data-testid=wall-maintenance]").TextContent));

        var approval = Approval.Request(Demo.Id, new ForgetHost(xcp04), null, "bob", Time.GetUtcNow(), TimeSpan.FromMinutes(15));
        Services.GetRequiredService<ApprovalBook>().Put(approval);
        wall.WaitForAssertion(() => Assert.Equal(
            $"Waiting for a second Pool Admin: host-forget xcp-04, asked by bob, lapses at {clock.Local(approval.ExpiresAt, "HH:mm")}",
            Squash(wall.Find("[data-testid=wall-approval]").TextContent)));

        // The wall itself counts as looking at every pool, under the name it is signed in with.
        wall.WaitForAssertion(() => Assert.Equal("Looking: alice", wall.Find("[data-testid=wall-viewers]").TextContent));
        using (Services.GetRequiredService<PresenceTracker>().Enter(Demo.Id, "Lobby TV"))
        {
            wall.WaitForAssertion(() => Assert.Equal("Looking: alice, Lobby TV", wall.Find("[data-testid=wall-viewers]").TextContent));
        }

        wall.WaitForAssertion(() => Assert.Equal("Looking: alice", wall.Find("[data-testid=wall-viewers]").TextContent));
        // The window ends and the request lapses by the clock alone, with no event: the wall looks again then.
        Time.Advance(TimeSpan.FromHours(2));
        wall.WaitForAssertion(() => Assert.Empty(wall.FindAll("[data-testid=wall-maintenance]")));
        Assert.Empty(wall.FindAll("[data-testid=wall-approval]"));
        Assert.NotEqual("maintenance", wall.Find("[data-host='xcp-04']").GetAttribute("data-state"));

        await DisposeComponentsAsync();
        Assert.Empty(Services.GetRequiredService<PresenceTracker>().Viewers(Demo.Id));
    }

    [Fact]
    public void A_compact_tile_keeps_the_colour_and_says_the_rest_on_hover()
    {
        var host = new WallHost(Guid.NewGuid(), "xcp-42", "member", "suspect", Time.GetUtcNow().AddSeconds(20), 2, "db-1, web-1");

        var tile = Render<HostTile>(p => p.Add(t => t.Host, host).Add(t => t.Compact, true));

        var div = tile.Find("[data-testid=host-tile]");
        Assert.Contains("pd-tile-suspect", div.ClassList);
        Assert.Contains("pd-tile-compact", div.ClassList);
        Assert.Equal("xcp-42: suspect, member, 2 VMs", div.GetAttribute("title"));
        Assert.Empty(tile.FindAll("[data-testid=host-tile-state]"));

        tile.Render(p => p.Add(t => t.Compact, false));
        Assert.Equal("SUSPECT", tile.Find("[data-testid=host-tile-state]").TextContent);
        Assert.Equal("2 VMs: db-1, web-1", tile.Find("[data-testid=host-tile-vms]").TextContent);
        Assert.Equal("20 s", tile.Find(".pd-countdown").TextContent);
    }

    [Fact]
    public void A_connected_pools_XAPI_HA_figure_stands_beside_PoolDashs_and_a_difference_is_flagged()
    {
        var pool = new WallPool(Guid.NewGuid(), "lab-pool", WallTrouble.Green, "xcp-master", true, true, "no host failure", [], [], [], [], [])
        {
            HaFailuresTolerated = 0,
            XapiHaTolerates = 2,
        };

        var block = Render<WallPoolBlock>(p => p.Add(b => b.Pool, pool));

        Assert.Equal("HA on, tolerates no host failure (XAPI: 2 — differs)", Squash(block.Find(".pd-pool-ha").TextContent));
        Assert.Contains("pd-xapi-differs", block.Find("[data-testid=wall-xapi-ha]").ClassList);

        block.Render(p => p.Add(b => b.Pool, pool with { XapiHaTolerates = 0 }));
        Assert.Equal("HA on, tolerates no host failure (XAPI: 0)", Squash(block.Find(".pd-pool-ha").TextContent));
    }

    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\\s+", " ").Trim();
}
