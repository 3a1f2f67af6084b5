using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Incidents;

namespace PoolDash.Web.Tests.Incidents;

/// <summary>One incident per cause: a host that dies is one incident listing its VMs; a VM Operator acknowledges it
/// with why (a Read Only user may not); it resolves by itself when the host is heard again; each change is audited.</summary>
public sealed class IncidentApiTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private HttpClient _admin = null!;
    private Dictionary<Guid, string> _tokens = null!;

    public async Task InitializeAsync()
    {
        _admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        _tokens = await TestPools.CreateAsync(_admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_dead_host_is_one_incident_with_its_VMs_acknowledged_with_why_and_resolved_when_it_is_heard_again()
    {
        await UntilAsync(() =>
        {
            TestPools.KillA(_factory);
            return Task.CompletedTask;
        }, book => book.List(TestPools.PoolId, IncidentStates.Triggered).Count == 1);

        var incident = Assert.Single(await IncidentsAsync());
        Assert.Equal(("dead", "triggered", "xs-a"), (incident.Severity, incident.State, incident.Subject));
        Assert.Equal(["web"], incident.VmsAffected);
        Assert.StartsWith("xs-a is dead (no sign of life for 600 s)", incident.Summary, StringComparison.Ordinal);

        using (var visitor = await _factory.ClientAsync("rita", Role.ReadOnly))
        using (var refused = await visitor.PostAsJsonAsync(Acknowledge(incident.Id), new { note = "looking" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var victor = await _factory.ClientAsync("victor", Role.VmOperator);
        using (var acknowledged = await victor.PostAsJsonAsync(Acknowledge(incident.Id), new { note = "on the phone with the DC" }))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
            var view = (await acknowledged.Content.ReadFromJsonAsync<IncidentView>(TestPools.Json))!;
            Assert.Equal(("acknowledged", "victor", "on the phone with the DC"), (view.State, view.AcknowledgedBy, view.AcknowledgeNote));
        }

        // The pool's timeline (its pages and the wall) says who is on it and why.
        var timeline = _factory.Services.GetRequiredService<PoolDash.Web.Realtime.IncidentTimeline>().Of(TestPools.PoolId);
        Assert.Contains(timeline, e => e.Text.StartsWith("victor is on it: xs-a is dead", StringComparison.Ordinal) && e.Text.EndsWith("— on the phone with the DC", StringComparison.Ordinal));

        await UntilAsync(() => TestPools.HeartbeatAsync(_admin, _tokens[TestPools.A], TestPools.A),
            book => book.List(TestPools.PoolId, IncidentStates.Resolved).Count == 1);
        var resolved = Assert.Single(await IncidentsAsync());
        Assert.Equal(("resolved", "system"), (resolved.State, resolved.ResolvedBy));
        Assert.StartsWith("xs-a is alive again", resolved.ResolveNote, StringComparison.Ordinal);
        using (var again = await victor.PostAsJsonAsync(Acknowledge(incident.Id), new { note = "late" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // What the system opened and closed is already on the timeline as the host's own lines ("xs-a is dead",
        // "xs-a is alive again"); the incident does not say it a second time (the wall shows twelve lines: repeats
        // push out the ones that matter). People's acknowledgements stay.
        var after = _factory.Services.GetRequiredService<PoolDash.Web.Realtime.IncidentTimeline>().Of(TestPools.PoolId);
        Assert.Single(after, e => e.Text.StartsWith("xs-a is dead", StringComparison.Ordinal));
        Assert.Single(after, e => e.Text.StartsWith("xs-a is alive again", StringComparison.Ordinal));
        Assert.DoesNotContain(after, e => e.Text.StartsWith("incident", StringComparison.Ordinal));
        Assert.Single(after, e => e.Text.StartsWith("victor is on it", StringComparison.Ordinal));

        var audit = await _admin.GetStringAsync(new Uri($"/api/v1/audit?poolId={TestPools.PoolId}", UriKind.Relative));
        foreach (var operation in new[] { "incident-trigger", "incident-acknowledge", "incident-resolve" })
        {
            Assert.Contains($"\"operation\":\"{operation}\"", audit, StringComparison.Ordinal);
        }
    }

    private static Uri Acknowledge(Guid id) => new($"/api/v1/incidents/{id}/acknowledge", UriKind.Relative);

    private async Task<List<IncidentView>> IncidentsAsync() =>
        (await _admin.GetFromJsonAsync<List<IncidentView>>(new Uri($"/api/v1/incidents?poolId={TestPools.PoolId}", UriKind.Relative), TestPools.Json))!;

    /// <summary>Does <paramref name="act"/>, then waits until the incidents (followed from the event stream) satisfy
    /// <paramref name="done"/>.</summary>
    private async Task UntilAsync(Func<Task> act, Func<IncidentBook, bool> done)
    {
        var book = _factory.Services.GetRequiredService<IncidentBook>();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(Guid pool)
        {
            if (done(book))
            {
                reached.TrySetResult();
            }
        }

        book.Changed += OnChanged;
        try
        {
            await act();
            OnChanged(TestPools.PoolId);
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            book.Changed -= OnChanged;
        }
    }
}
