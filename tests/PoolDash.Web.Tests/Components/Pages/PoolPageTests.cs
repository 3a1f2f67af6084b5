using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Components.Pages;
using PoolDash.Web.Components.Shared;

namespace PoolDash.Web.Tests.Components.Pages;

/// <summary>The pool page: live rows, coalesced bursts, and the master-failure banner with and without HA.</summary>
public class PoolPageTests : PoolDashTestContext
{
    [Fact]
    public void A_pushed_death_re_renders_the_hosts_row()
    {
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));
        Assert.All(page.FindAll("[data-testid=host-row]"), r => Assert.Contains("Alive", r.TextContent, StringComparison.Ordinal));

        Kill(Demo.Snapshot().Hosts[3].Id);

        page.WaitForAssertion(() => Assert.Contains("Dead", page.FindAll("[data-testid=host-row]")[3].TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_burst_of_events_is_one_refresh()
    {
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));
        var live = (LiveComponent)page.Instance;
        var forgetMaster = new ForgetHost(Demo.Snapshot().MasterId);

        for (var i = 0; i < 200; i++)
        {
            // Each refusal is an event of the pool, which the pool publishes to the stream.
            Demo.Execute(forgetMaster, $"op{i}");
        }

        // The first change renders at once; the rest of the burst waits for the throttle window, which this fake
        // clock never reaches.
        page.WaitForAssertion(() => Assert.True(live.Refreshes >= 1));
        Assert.Equal(1, live.Refreshes);
    }

    [Fact]
    public void Without_HA_a_dead_master_shows_members_waiting_and_offers_the_emergency_transition()
    {
        Kill(Demo.Snapshot().MasterId);

        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));

        var banner = page.Find("[data-testid=master-banner]");
        Assert.Contains("Members are waiting for the master to return", banner.TextContent, StringComparison.Ordinal);
        Assert.Contains(banner.QuerySelectorAll("button"), b => b.TextContent == "Make xcp-02 master" && !b.HasAttribute("disabled"));
    }

    [Fact]
    public async Task With_HA_a_dead_master_shows_the_election_from_the_audit_trail()
    {
        Assert.Equal(CommandOutcome.Performed, Demo.Execute(new EnableHa(Demo.Id), "test").Outcome);
        Time.Advance(TimeSpan.FromSeconds(50));
        var master = Demo.Snapshot().MasterId;
        foreach (var host in Demo.Snapshot().Hosts.Where(h => h.Id != master))
        {
            Demo.RecordHeartbeat(host.Id);
        }

        // The master stays silent past HA's timeout (60 s); the members report.
        Time.Advance(TimeSpan.FromSeconds(11));
        var timeline = Services.GetRequiredService<PoolDash.Web.Realtime.IncidentTimeline>();
        var events = Demo.Sweep().Events;
        // As the persister does: the election is stored with its audit entry, which the timeline reads.
        await Store.SaveAsync(Demo, CancellationToken.None, [.. events.Select(PoolDash.Web.Audit.AuditDrafts.Automatic).OfType<PoolDash.Web.Audit.AuditDraft>()]);
        Assert.NotEmpty(timeline.Of(Demo.Id));

        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));

        Assert.Empty(page.FindAll("[data-testid=master-banner]"));
        var rows = page.FindAll("[data-testid=host-row]");
        var xcp02 = rows.Single(r => r.TextContent.Contains("xcp-02", StringComparison.Ordinal)).TextContent;
        var xcp01 = rows.Single(r => r.TextContent.Contains("xcp-01", StringComparison.Ordinal)).TextContent;
        Assert.Contains("master", xcp02, StringComparison.Ordinal);
        Assert.DoesNotContain("old master", xcp02, StringComparison.Ordinal);
        Assert.Contains("Dead", xcp01, StringComparison.Ordinal);
        Assert.Contains("xcp-02 is the new master (ha-election)", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_described_pool_says_it_is_not_connected_through_XAPI()
    {
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));

        Assert.Contains("not connected through XAPI", page.Find("[data-testid=pool-source]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void With_HA_on_the_pool_page_and_the_wall_say_how_many_host_failures_it_tolerates()
    {
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));
        Assert.Empty(page.FindAll("[data-testid=ha-plan]"));

        Demo.Execute(new PoolDash.Domain.Recovery.EnableHa(Demo.Id), "alice");

        var plan = Demo.PlanHa();
        Assert.True(plan.ProtectedVms > 0);
        page.WaitForAssertion(() => Assert.StartsWith($"HA plan: tolerates {plan.Tolerates} with today's restart priorities",
            page.Find("[data-testid=ha-plan]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Contains($"{plan.ProtectedVms} protected VMs on 8 live hosts", page.Find("[data-testid=ha-plan]").TextContent, StringComparison.Ordinal);
        var wall = Render<Wall>();
        Assert.Equal($", tolerates {plan.Tolerates}", wall.Find("[data-testid=wall-ha-plan]").TextContent);
    }
}
