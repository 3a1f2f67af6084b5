using Bunit;
using PoolDash.Web.Components.Recovery;

namespace PoolDash.Web.Tests.Components.Recovery;

/// <summary>The host page's last hour of heartbeats: the chart's lines and, in words, what they say.</summary>
public class HeartbeatChartTests : PoolDashTestContext
{
    [Fact]
    public void The_last_hour_is_drawn_with_its_longest_silence_and_the_suspect_and_dead_lines_and_moves_on_by_itself()
    {
        var xcp02 = Demo.Snapshot().Hosts.Single(h => h.Name == "xcp-02").Id;
        var chart = Render<HeartbeatChart>(p => p.Add(c => c.Pool, Demo).Add(c => c.HostId, xcp02));
        Assert.Equal("No heartbeat heard from this host since PoolDash started.", chart.Find("[data-testid=heartbeat-summary]").TextContent);

        // Twelve beats 5 s apart, then one after a 12 s silence.
        for (var beat = 0; beat < 12; beat++)
        {
            Time.Advance(TimeSpan.FromSeconds(5));
            Demo.RecordHeartbeat(xcp02);
        }

        Time.Advance(TimeSpan.FromSeconds(12));
        Demo.RecordHeartbeat(xcp02);
        // The chart re-reads every 10 s by itself.
        Time.Advance(TimeSpan.FromSeconds(10));

        chart.WaitForAssertion(() => Assert.Equal(
            [
                "Agent: 13 heartbeats in the last hour, longest silence 12 s.",
                $"Suspect after {Demo.TraceHeartbeats(xcp02)!.SuspectAfter!.Value.TotalSeconds:0.#} s of silence (learnt from its rhythm); dead after 30 s.",
            ],
            chart.FindAll("[data-testid=heartbeat-summary]").Select(e => e.TextContent)));
        Assert.NotEmpty(chart.FindAll("svg"));
        var legend = chart.Find("[data-testid=heartbeat-chart]").TextContent;
        Assert.Contains("Agent", legend, StringComparison.Ordinal);
        Assert.Contains("Suspect after", legend, StringComparison.Ordinal);
        Assert.Contains("Dead after", legend, StringComparison.Ordinal);
    }
}
