using PoolDash.Domain.Events;
using PoolDash.Domain.Heartbeats;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Tests.Heartbeats;

/// <summary>Ours: a host is Suspect once phi-accrual over its own recent intervals says its silence is unlikely.</summary>
public class SuspectTests
{
    [Fact]
    public void A_host_that_misses_heartbeats_at_its_usual_rhythm_is_suspect_long_before_it_is_dead()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(150));

        var events = lab.Elapse(TimeSpan.FromSeconds(120), null, LabPool.B);

        var suspect = Assert.Single(events.OfType<HostLivenessChanged>());
        Assert.Equal((LabPool.B, Liveness.Alive, Liveness.Suspect), (suspect.HostId, suspect.From, suspect.To));
        Assert.True(lab.Host(LabPool.B).Phi >= PhiAccrual.Threshold);
        Assert.NotNull(lab.Host(LabPool.B).VerdictAt);
    }

    [Fact]
    public void One_late_heartbeat_does_not_make_a_steady_host_suspect()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(300));

        var events = lab.Elapse(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(45));

        Assert.DoesNotContain(events.OfType<HostLivenessChanged>(), e => e.To == Liveness.Suspect);
    }

    [Fact]
    public void A_suspect_host_that_reports_is_alive_again_and_suspicion_changed_nothing_in_the_pool()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(150));
        lab.Elapse(TimeSpan.FromSeconds(120), null, LabPool.A);
        Assert.Equal(Liveness.Suspect, lab.Host(LabPool.A).Liveness);
        Assert.Equal(Vms.PowerState.Running, lab.Vm(LabPool.Web1).PowerState);

        var result = lab.Pool.RecordHeartbeat(LabPool.A);

        Assert.Equal(HeartbeatOutcome.Revived, result.Outcome);
        Assert.Equal(Liveness.Alive, lab.Host(LabPool.A).Liveness);
    }

    [Fact]
    public void A_host_that_has_not_shown_a_rhythm_is_never_suspect_only_dead_at_the_timeout()
    {
        var lab = new LabPool();

        var events = lab.Elapse(TimeSpan.FromSeconds(599), null, LabPool.C);

        Assert.DoesNotContain(events.OfType<HostLivenessChanged>(), e => e.HostId == LabPool.C);
    }

    [Fact]
    public void The_threshold_is_crossed_where_the_solved_deviation_count_says()
    {
        var phi = PhiAccrual.Phi(PhiAccrual.ThresholdDeviations, 0, 1);

        Assert.Equal(PhiAccrual.Threshold, phi, 6);
        Assert.True(PhiAccrual.Phi(1, 0, 1) < 1);
    }

    [Fact]
    public void Phi_after_a_silence_far_past_the_rhythm_is_finite_and_keeps_growing()
    {
        // Found by the model-based test: the direct formula underflowed to +Infinity, which JSON cannot carry.
        var second = TimeSpan.TicksPerSecond;
        var long1 = PhiAccrual.Phi(3600 * second, 30 * second, 7.5 * second);
        var long2 = PhiAccrual.Phi(7200 * second, 30 * second, 7.5 * second);

        Assert.True(double.IsFinite(long1) && double.IsFinite(long2));
        Assert.True(long2 > long1 && long1 > PhiAccrual.Threshold);
        Assert.Equal(PhiAccrual.Threshold, PhiAccrual.Phi(30 * second + (PhiAccrual.ThresholdDeviations * 7.5 * second), 30 * second, 7.5 * second), 6);
    }
}
