using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Tests.Heartbeats;

/// <summary>A host's last hour of heartbeats per channel, a minute at a time, for the host page's chart.</summary>
public class HeartbeatTraceTests
{
    [Fact]
    public void Each_minute_holds_its_beats_and_longest_gap_and_a_silence_still_running_grows_to_now()
    {
        var lab = new LabPool();
        // 13 minutes of a beat every 30 s from every host, then B falls silent for 3 minutes.
        lab.Elapse(TimeSpan.FromMinutes(13));
        lab.Elapse(TimeSpan.FromMinutes(3), null, LabPool.B);

        var a = lab.Pool.TraceHeartbeats(LabPool.A)!;
        var b = lab.Pool.TraceHeartbeats(LabPool.B)!;

        Assert.Equal(60, a.Agent.Count);
        Assert.Empty(a.Probe);
        Assert.Equal(lab.Time.GetUtcNow(), a.At);
        // A beats all 16 minutes, every 30 s: 32 beats, two to each whole minute, 30 s apart (the minutes cut by the
        // start and by now may hold one).
        Assert.Equal(32, a.Agent.Sum(m => m.Beats));
        Assert.InRange(a.Agent.Count(m => m.Beats == 2 && m.LongestGap == TimeSpan.FromSeconds(30)), 15, 16);
        Assert.Equal(TimeSpan.FromSeconds(30), a.Agent.Max(m => m.LongestGap));
        // Before the first beat there is nothing, not a silence.
        Assert.All(a.Agent.Take(60 - 17), m => Assert.Equal((0, TimeSpan.Zero), (m.Beats, m.LongestGap)));

        // B's silence runs to now: the last minute shows it at 3 minutes, and no beat came in it.
        Assert.Equal((0, TimeSpan.FromMinutes(3)), (b.Agent[^1].Beats, b.Agent[^1].LongestGap));
        Assert.True(b.Agent[^2].LongestGap >= TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(59));
        Assert.NotNull(b.SuspectAfter);
        Assert.True(b.SuspectAfter < b.DeadAfter);
        Assert.Equal(lab.Pool.Snapshot().LivenessTimeout, b.DeadAfter);
    }

    [Fact]
    public void A_probe_answer_is_its_own_channel_and_an_unknown_host_has_no_trace()
    {
        var lab = new LabPool();
        lab.Pool.RecordHeartbeat(LabPool.C, LivenessChannel.Probe);
        lab.Time.Advance(TimeSpan.FromSeconds(20));
        lab.Pool.RecordHeartbeat(LabPool.C, LivenessChannel.Probe);

        var c = lab.Pool.TraceHeartbeats(LabPool.C)!;

        Assert.Empty(c.Agent);
        Assert.Equal(2, c.Probe.Sum(m => m.Beats));
        Assert.Equal(TimeSpan.FromSeconds(20), c.Probe.Max(m => m.LongestGap));
        Assert.Null(lab.Pool.TraceHeartbeats(Guid.NewGuid()));
    }
}
