using PoolDash.Web.Notifications;

namespace PoolDash.Web.Tests.Notifications;

/// <summary>What a channel's pending messages become when its group's wait ends.</summary>
public class RoutingTests
{
    private static readonly Guid Pool = Guid.NewGuid();
    private static readonly Guid Told = Guid.NewGuid();
    private static readonly Guid New = Guid.NewGuid();
    private static long _id;

    [Fact]
    public void A_told_incident_that_is_resolved_gets_only_its_resolution_and_a_new_one_that_is_resolved_was_a_flap()
    {
        var pending = new[]
        {
            Owed(Told, NotificationStates.Triggered), Owed(Told, NotificationStates.Acknowledged), Owed(Told, NotificationStates.Resolved),
            Owed(New, NotificationStates.Triggered), Owed(New, NotificationStates.Resolved),
        };

        var (groups, muted) = Routing.Plan(pending, incident => incident == Told);

        var only = Assert.Single(Assert.Single(groups));
        Assert.Equal((Told, NotificationStates.Resolved), (only.IncidentId, only.State));
        Assert.Equal(4, muted.Count);
    }

    [Fact]
    public void Of_two_changes_of_one_incident_in_a_group_the_last_is_sent_and_other_incidents_share_the_message()
    {
        var suspect = Owed(New, NotificationStates.Triggered);
        var dead = Owed(New, NotificationStates.Triggered);
        var other = Owed(Told, NotificationStates.Triggered);

        var (groups, muted) = Routing.Plan([suspect, dead, other], _ => false);

        Assert.Equal([dead.Id, other.Id], Assert.Single(groups).Select(d => d.Id));
        Assert.Equal([suspect.Id], muted.Select(d => d.Id));
    }

    private static DeliveryRecord Owed(Guid incident, string state) =>
        new() { Id = Interlocked.Increment(ref _id), IncidentId = incident, PoolId = Pool, State = state, ChannelId = Guid.Empty };
}
