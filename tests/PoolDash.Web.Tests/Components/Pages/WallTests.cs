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
        var clock = Services.GetRequiredService<PoolDash.Web.Components.Shared.ViewerClock>();
        var since = clock.Local(Assert.Single(book.List(Demo.Id, null)).OpenedAt, "HH:mm");
        // The guide's runbook for a dead member: step 1 (make sure it is off) is the next to do.
        var plan = Demo.PlanRecovery(xcp03);
        var progress = $" · plan step 1 of {plan.Steps.Count}: {plan.Steps[0].Title}";
        Assert.Equal($"xcp-03 dead — nobody has acknowledged it · since {since}{progress}", Squash(wall.Find("[data-testid=wall-incident]").TextContent));

        await book.AcknowledgeAsync(Assert.Single(book.List(Demo.Id, null)).Id, "victor", "web", "driving to the DC");

        wall.WaitForAssertion(() => Assert.Equal($"xcp-03 dead — victor is on it: driving to the DC · since {since}{progress}",
            Squash(wall.Find("[data-testid=wall-incident]").TextContent)));
    }

    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\\s+", " ").Trim();

    [Fact]
    public async Task A_channel_that_keeps_failing_is_shown_on_the_wall_with_its_last_error_until_it_delivers_again()
    {
        var channels = Services.GetRequiredService<PoolDash.Web.Notifications.NotificationChannels>();
        var (channel, error) = await channels.CreateAsync(new PoolDash.Web.Auth.Operator("alice", PoolDash.Domain.Recovery.Role.PoolAdmin), "web",
            new PoolDash.Web.Notifications.ChannelRequest("webhook", "ops-hook", "http://127.0.0.1:9/hook", "a-shared-secret-of-some-length", "dead", null));
        Assert.Null(error);
        var wall = Render<Wall>();

        await channels.RecordAsync(channel!.Id, "http://127.0.0.1:9/hook did not answer: Connection refused", CancellationToken.None);
        await channels.RecordAsync(channel.Id, "http://127.0.0.1:9/hook did not answer: Connection refused", CancellationToken.None);
        Assert.Empty(wall.FindAll("[data-testid=wall-channel-failing]"));

        await channels.RecordAsync(channel.Id, "http://127.0.0.1:9/hook did not answer: Connection refused", CancellationToken.None);
        wall.WaitForAssertion(() => Assert.Contains("Notifications to ops-hook (webhook) are failing: 3 attempts in a row",
            wall.Find("[data-testid=wall-channel-failing]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Connection refused", wall.Find("[data-testid=wall-channel-failing]").TextContent, StringComparison.Ordinal);

        await channels.RecordAsync(channel.Id, null, CancellationToken.None);
        wall.WaitForAssertion(() => Assert.Empty(wall.FindAll("[data-testid=wall-channel-failing]")));
    }
}
