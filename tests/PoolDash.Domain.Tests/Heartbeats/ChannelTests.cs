using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Heartbeats;

/// <summary>
/// DOMAIN.md's channels of life for a connected pool: PoolDash's probe (and agent) and the master's
/// <c>host_metrics.live</c>. A host silent on one but alive on another is Isolated, never Dead, and no destructive
/// step acts on it; Dead needs every channel silent past the timeout.
/// </summary>
public class ChannelTests
{
    private static readonly HashSet<Guid> Everyone = [.. LabPool.Hosts];

    /// <summary>Every host answers the probe and the master reports every host but <paramref name="lost"/> live, every
    /// 30 s, while <paramref name="duration"/> passes; hosts in <paramref name="unreachable"/> do not answer the probe.</summary>
    private static List<PoolEvent> Run(LabPool lab, TimeSpan duration, Guid[] unreachable, params Guid[] lost)
    {
        var events = new List<PoolEvent>();
        for (var left = duration; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(30))
        {
            lab.Time.Advance(TimeSpan.FromSeconds(30));
            foreach (var host in LabPool.Hosts.Where(h => !unreachable.Contains(h)))
            {
                events.AddRange(lab.Pool.RecordHeartbeat(host, LivenessChannel.Probe).Events);
            }

            events.AddRange(lab.Pool.ObserveMasterView(Everyone.Except(lost).ToHashSet()));
            events.AddRange(lab.Pool.Sweep().Events);
        }

        return events;
    }

    private static LabPool Connected()
    {
        var lab = new LabPool();
        Run(lab, TimeSpan.FromSeconds(120), []);
        return lab;
    }

    [Fact]
    public void A_host_cut_off_from_PoolDash_that_the_master_still_sees_is_isolated_not_dead_and_no_destructive_step_touches_it()
    {
        var lab = Connected();

        var events = Run(lab, TimeSpan.FromSeconds(900), [LabPool.A]);

        var host = lab.Host(LabPool.A);
        Assert.Equal(Liveness.Isolated, host.Liveness);
        Assert.DoesNotContain(events, e => e is HostLivenessChanged { HostId: var id, To: Liveness.Dead } && id == LabPool.A);
        Assert.Equal(MasterView.Live, host.MasterView);
        Assert.Contains("the pool master still reports it live", host.SeenBy, StringComparison.Ordinal);
        foreach (var step in new PoolCommand[]
        {
            new DeclareHostDead(LabPool.A), new ForgetHost(LabPool.A), new ResetVmPowerState(LabPool.Web1),
            new ResetVdis(LabPool.A, LabPool.Nfs, false), new AttestHostDown(LabPool.A, "physically", "", LabPool.Operator),
        })
        {
            var refused = lab.Refused(step);
            Assert.Equal(XapiErrorNames.HostIsLive, refused.Name);
            Assert.Contains("isolated, not dead", refused.Message, StringComparison.Ordinal);
            Assert.Contains("the pool master still reports it live", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Even_before_the_timeout_a_silent_host_that_the_master_still_sees_cannot_be_declared_dead()
    {
        var lab = Connected();
        Run(lab, TimeSpan.FromSeconds(300), [LabPool.A]);
        Assert.Equal(Liveness.Suspect, lab.Host(LabPool.A).Liveness);

        var refused = lab.Refused(new DeclareHostDead(LabPool.A));

        Assert.Contains("the pool master still reports it live", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_the_master_gives_up_on_while_PoolDash_hears_it_is_isolated_at_once_and_dead_only_when_PoolDash_loses_it_too()
    {
        var lab = Connected();

        Run(lab, TimeSpan.FromSeconds(30), [], LabPool.B);

        var host = lab.Host(LabPool.B);
        Assert.Equal(Liveness.Isolated, host.Liveness);
        Assert.Equal(MasterView.NotLive, host.MasterView);
        var refused = lab.Refused(new ForgetHost(LabPool.B));
        Assert.Contains("the pool master has given up on it, but PoolDash still hears it", refused.Message, StringComparison.Ordinal);
        Assert.Contains("its own XAPI last answered PoolDash's probe", refused.Message, StringComparison.Ordinal);

        Run(lab, TimeSpan.FromSeconds(570), [LabPool.B], LabPool.B);
        Assert.Equal(Liveness.Isolated, lab.Host(LabPool.B).Liveness);
        Run(lab, TimeSpan.FromSeconds(30), [LabPool.B], LabPool.B);
        Assert.Equal(Liveness.Dead, lab.Host(LabPool.B).Liveness);
        Assert.Null(lab.Host(LabPool.B).SeenBy);
    }

    [Fact]
    public void A_crashed_host_is_dead_when_every_channel_has_lost_it_past_the_timeout()
    {
        var lab = Connected();

        // XAPI's own dead interval (600 s) passes about when PoolDash's does: until then the master still says live.
        Run(lab, TimeSpan.FromSeconds(570), [LabPool.C]);
        Assert.Equal(Liveness.Suspect, lab.Host(LabPool.C).Liveness);
        Run(lab, TimeSpan.FromSeconds(30), [LabPool.C], LabPool.C);

        Assert.Equal(Liveness.Dead, lab.Host(LabPool.C).Liveness);
        lab.Attest(LabPool.C);
        Assert.Equal(StepStatus.Done, lab.Pool.PlanRecovery(LabPool.C).Steps[0].Status);
    }

    [Fact]
    public void Losing_sight_of_the_master_voids_only_what_it_says_of_itself()
    {
        var lab = Connected();

        lab.Pool.MasterViewLost();

        Assert.Equal(MasterView.Unknown, lab.Host(LabPool.M).MasterView);
        Assert.All(lab.Snapshot.Hosts.Where(h => h.Id != LabPool.M), h => Assert.Equal(MasterView.Live, h.MasterView));

        // The master silent everywhere dies at the timeout; the members it last reported live do not.
        Run(lab, TimeSpan.FromSeconds(600), [LabPool.M, LabPool.A]);
        lab.Pool.MasterViewLost();
        lab.AdvanceSilently(TimeSpan.Zero);
        Assert.Equal(Liveness.Dead, lab.Host(LabPool.M).Liveness);
        Assert.Equal(Liveness.Isolated, lab.Host(LabPool.A).Liveness);
    }

    [Fact]
    public void A_dead_host_the_master_reports_live_again_is_heard_again_but_isolated_while_PoolDash_cannot_reach_it()
    {
        var lab = Connected();
        Run(lab, TimeSpan.FromSeconds(600), [LabPool.A], LabPool.A);
        Assert.Equal(Liveness.Dead, lab.Host(LabPool.A).Liveness);

        var events = lab.Pool.ObserveMasterView(Everyone);

        Assert.Contains(events, e => e is HostLivenessChanged { From: Liveness.Dead, To: Liveness.Isolated, Reason: "the pool master reports it live" });
        lab.Pool.RecordHeartbeat(LabPool.A, LivenessChannel.Probe);
        Assert.Equal(Liveness.Alive, lab.Host(LabPool.A).Liveness);
        Assert.NotNull(lab.Host(LabPool.A).LastProbeAnswer);
        Assert.Null(lab.Host(LabPool.A).LastAgentHeartbeat);
    }
}
