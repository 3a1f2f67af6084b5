using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Tests.Realtime;

/// <summary>The wall's incident timeline reads the audit trail: what it shows is what was recorded, and a restart of
/// PoolDash does not empty it.</summary>
public sealed class IncidentTimelineTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("pooldash-timeline-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_verdict_and_a_refusal_recorded_before_a_restart_are_on_the_timeline_after_it()
    {
        DateTimeOffset stoppedAt;
        using (var first = new PoolDashFactory { DataDirectory = _data })
        {
            using var client = await first.ClientAsync("alice", Role.PoolAdmin);
            await TestPools.CreateAsync(client);
            TestPools.KillA(first);
            var timeline = first.Services.GetRequiredService<IncidentTimeline>();
            await TestSupport.Await.TimelineAsync(timeline, TestPools.PoolId, entries => entries.Any(e => e.Text.StartsWith("xs-a is dead", StringComparison.Ordinal)));
            using var refused = await client.PostAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/operations", UriKind.Relative),
                System.Net.Http.Json.JsonContent.Create(new { operation = "host-forget", hostId = TestPools.B }));
            Assert.Contains(timeline.Of(TestPools.PoolId), e => e is { Severity: "warning", Text: "alice: host-forget on xs-b refused — HOST_IS_LIVE" });
            stoppedAt = first.Time.GetUtcNow();
        }

        using var second = new PoolDashFactory { DataDirectory = _data, Time = new(stoppedAt + TimeSpan.FromMinutes(11)) };
        var after = second.Services.GetRequiredService<IncidentTimeline>().Of(TestPools.PoolId);

        Assert.Contains(after, e => e.Severity == "error" && e.Text.StartsWith("xs-a is dead (", StringComparison.Ordinal));
        Assert.Contains(after, e => e.Text == "alice: host-forget on xs-b refused — HOST_IS_LIVE");
    }
}
