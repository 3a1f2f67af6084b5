using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Recovery;

/// <summary>Planned silence: a host in a maintenance window is never Suspect or Dead (so no incident); when the window
/// ends — by its time or early — the host gets a fresh full timeout; a window cannot last for ever.</summary>
public class MaintenanceTests
{
    private static StartMaintenance Window(LabPool lab, Guid? host, TimeSpan length) =>
        new(LabPool.PoolId, Guid.NewGuid(), host, "firmware update", LabPool.Operator, lab.Time.GetUtcNow() + length);

    [Fact]
    public void A_host_silent_in_its_window_is_never_suspect_or_dead_and_gets_a_whole_timeout_after_it()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(120));
        var window = Window(lab, LabPool.A, TimeSpan.FromMinutes(30));
        lab.Performed(window);

        var during = lab.Elapse(TimeSpan.FromMinutes(30), null, LabPool.A);

        Assert.DoesNotContain(during, e => e is HostLivenessChanged { HostId: var h } && h == LabPool.A);
        Assert.Equal(Liveness.Alive, lab.Host(LabPool.A).Liveness);
        Assert.Empty(lab.Snapshot.Maintenance);
        Assert.Null(lab.Host(LabPool.A).InMaintenanceUntil);

        // From the window's end the silence counts afresh: still alive 599 s later, dead at 600 s.
        lab.Elapse(TimeSpan.FromSeconds(570), null, LabPool.A);
        Assert.NotEqual(Liveness.Dead, lab.Host(LabPool.A).Liveness);
        lab.Elapse(TimeSpan.FromSeconds(30), null, LabPool.A);
        Assert.Equal(Liveness.Dead, lab.Host(LabPool.A).Liveness);
    }

    [Fact]
    public void A_suspect_host_is_simply_in_maintenance_and_a_window_ended_early_gives_a_fresh_timeout_from_then()
    {
        var lab = new LabPool();
        lab.Elapse(TimeSpan.FromSeconds(120));
        lab.Elapse(TimeSpan.FromSeconds(300), null, LabPool.B);
        Assert.Equal(Liveness.Suspect, lab.Host(LabPool.B).Liveness);
        var window = Window(lab, null, TimeSpan.FromHours(2));

        var started = lab.Performed(window).Events;

        Assert.Contains(started, e => e is HostLivenessChanged { To: Liveness.Alive, Reason: "in maintenance" } c && c.HostId == LabPool.B);
        Assert.All(lab.Snapshot.Hosts, h => Assert.Equal(window.Until, h.InMaintenanceUntil));
        lab.Elapse(TimeSpan.FromMinutes(20), null, LabPool.B);

        lab.Performed(new EndMaintenance(LabPool.PoolId, window.WindowId));
        lab.Elapse(TimeSpan.FromSeconds(599), TimeSpan.FromSeconds(599), LabPool.B);
        Assert.NotEqual(Liveness.Dead, lab.Host(LabPool.B).Liveness);
        lab.Elapse(TimeSpan.FromSeconds(1), null, LabPool.B);
        Assert.Equal(Liveness.Dead, lab.Host(LabPool.B).Liveness);
    }

    [Fact]
    public void A_window_needs_a_reason_an_end_ahead_and_not_past_seven_days_and_a_known_host()
    {
        var lab = new LabPool();

        Assert.Equal(XapiErrorNames.InvalidValue, lab.Refused(Window(lab, LabPool.A, TimeSpan.FromDays(8))).Name);
        Assert.Equal(XapiErrorNames.InvalidValue, lab.Refused(Window(lab, LabPool.A, TimeSpan.FromMinutes(-1))).Name);
        Assert.Equal(XapiErrorNames.InvalidValue, lab.Refused(Window(lab, LabPool.A, TimeSpan.FromHours(1)) with { Reason = " " }).Name);
        Assert.Equal(XapiErrorNames.UuidInvalid, lab.Refused(Window(lab, Guid.NewGuid(), TimeSpan.FromHours(1))).Name);
        Assert.Equal(XapiErrorNames.UuidInvalid, lab.Refused(new EndMaintenance(LabPool.PoolId, Guid.NewGuid())).Name);
    }
}
