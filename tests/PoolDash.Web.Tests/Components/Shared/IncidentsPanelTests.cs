using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Web.Components.Shared;
using PoolDash.Web.Incidents;

namespace PoolDash.Web.Tests.Components.Shared;

/// <summary>The pool's open incidents on its pages: what happened and to which VMs; "I'm on it" with why, shown live.</summary>
public class IncidentsPanelTests : PoolDashTestContext
{
    [Fact]
    public async Task A_dead_host_shows_as_one_incident_with_its_VMs_and_an_acknowledgement_says_who_and_why()
    {
        var xcp03 = Demo.Snapshot().Hosts.Single(h => h.Name == "xcp-03").Id;
        var book = Services.GetRequiredService<IncidentBook>();
        using var events = Stream.Subscribe();
        Kill(xcp03);
        while (events.Reader.TryRead(out var e))
        {
            await book.TrackAsync(e);
        }

        var panel = Render<IncidentsPanel>(p => p.Add(x => x.PoolId, Demo.Id));

        var incident = panel.Find("[data-testid=incident]");
        Assert.Contains("dead · xcp-03 is dead", incident.TextContent, StringComparison.Ordinal);
        Assert.Contains("VMs: vm-03, vm-11, vm-19, vm-27", incident.TextContent, StringComparison.Ordinal);
        panel.Find("[data-testid=incident-note]").Change("driving to the DC");
        panel.Find("[data-testid=incident-acknowledge]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Acknowledged by alice", panel.Find("[data-testid=incident-acknowledged]").TextContent, StringComparison.Ordinal));
        Assert.Contains("driving to the DC", panel.Find("[data-testid=incident-acknowledged]").TextContent, StringComparison.Ordinal);
        Assert.Equal(IncidentStates.Acknowledged, Assert.Single(book.List(Demo.Id, null)).State);
    }
}
