using Microsoft.Extensions.Time.Testing;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Ha;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Ha;

/// <summary>
/// The HA plan against cases computed by hand: hosts of 64 GiB, protected VMs (restart priority Restart) of given
/// sizes on a shared SR unless said otherwise; HA restarts the displaced ones, largest first, on the survivor with the
/// most free memory that reaches their disks.
/// </summary>
public class HaPlanTests
{
    private static readonly Guid Shared = Guid.Parse("50000000-0000-4000-8000-000000000001");

    [Fact]
    public void Three_hosts_each_running_24_GiB_protected_tolerate_one_failure_not_two()
    {
        // One host lost: its 24 GiB fits in a survivor's 40 GiB free. Two lost: 48 GiB for one survivor's 40.
        var plan = Plan(Hosts(3), Protected(0, 24), Protected(1, 24), Protected(2, 24));

        Assert.Equal((1, true, 3, 3), (plan.FailuresTolerated, plan.Exact, plan.LiveHosts, plan.ProtectedVms));
        Assert.Empty(plan.NotRestartedIfWorstFails);
    }

    [Fact]
    public void A_protected_VM_bigger_than_any_survivors_free_memory_makes_the_pool_tolerate_nothing_and_is_named()
    {
        // h1 runs 48 GiB protected; h0 and h2 have 40 GiB and 64 GiB free: h2 takes it. h2 runs 60 GiB protected: h0 has
        // 40, h1 16 — nowhere. So the worst host is h2, and vm-h2 would stay down.
        var plan = Plan(Hosts(3), Protected(0, 24), Protected(1, 48), Protected(2, 60));

        Assert.Equal(0, plan.FailuresTolerated);
        Assert.Equal("h2", plan.WorstHostName);
        Assert.Equal(["vm-h2-60"], plan.NotRestartedIfWorstFails);
    }

    [Fact]
    public void Best_effort_and_unprotected_VMs_do_not_count_and_a_protected_VM_on_local_storage_cannot_move()
    {
        var bestEffort = Protected(0, 60) with { HaPriority = HaRestartPriority.BestEffort, Name = "best-effort" };
        var local = Protected(1, 8) with { Name = "on-local-disk", Disks = [new Vbd(LocalDisk(1), AttachMode.RW)] };

        var plan = Plan(Hosts(3), bestEffort, local);

        // Only on-local-disk is protected; h1's failure strands it whatever the memory.
        Assert.Equal((0, 1), (plan.FailuresTolerated, plan.ProtectedVms));
        Assert.Equal("h1", plan.WorstHostName);
        Assert.Equal(["on-local-disk"], plan.NotRestartedIfWorstFails);
    }

    [Fact]
    public void Four_hosts_with_room_tolerate_two_failures_and_a_dead_host_is_not_counted_as_a_place()
    {
        // Four hosts, 16 GiB protected each (48 free each). Three lost: 3 × 16 = 48 GiB onto the one survivor's 48 free,
        // which fits exactly: three, the most a pool of four can lose.
        var four = Plan(Hosts(4), Protected(0, 16), Protected(1, 16), Protected(2, 16), Protected(3, 16));
        Assert.Equal(3, four.FailuresTolerated);

        // The same with 17 GiB each: three lost is 51 GiB for 47 free — two.
        var tighter = Plan(Hosts(4), Protected(0, 17), Protected(1, 17), Protected(2, 17), Protected(3, 17));
        Assert.Equal(2, tighter.FailuresTolerated);

        // h3 dead (and its VM with it): three live hosts, 17 GiB each: two lost is 34 GiB for 47 free — still two.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var pool = Pool.Create(Description(Hosts(4), Protected(0, 17), Protected(1, 17), Protected(2, 17)) with { LivenessTimeoutSeconds = 10, HaTimeoutSeconds = 10 }, time).Pool!;
        time.Advance(TimeSpan.FromSeconds(9));
        foreach (var n in new[] { 0, 1, 2 })
        {
            pool.RecordHeartbeat(HostId(n));
        }

        time.Advance(TimeSpan.FromSeconds(2));
        pool.Sweep();
        Assert.Equal(Liveness.Dead, pool.Snapshot().Hosts.Single(h => h.Name == "h3").Liveness);
        var withDead = pool.PlanHa();
        Assert.Equal((3, 2), (withDead.LiveHosts, withDead.FailuresTolerated));
    }

    [Fact]
    public void Starting_a_protected_VM_that_takes_the_room_a_failure_needs_says_it_lowers_the_plan_before_it_runs()
    {
        // Four hosts with 16 GiB protected each tolerate three failures (48 GiB onto the last one's 48 free). Starting
        // an 8 GiB protected VM on h0: h0, h1 and h2 lost is 24 + 16 + 16 = 56 GiB for h3's 48 free; any two lost still
        // fit (h0 and h1: 24 GiB onto h2's 48, 16 onto h3's 48). Three becomes two.
        var waiting = Protected(0, 8) with { Name = "vm-new", PowerState = PowerState.Halted, ResidentOn = null };
        var pool = Pool.Create(Description(Hosts(4), Protected(0, 16), Protected(1, 16), Protected(2, 16), Protected(3, 16), waiting),
            new FakeTimeProvider(TimeProvider.System.GetUtcNow())).Pool!;

        var impact = pool.HaImpactOf(new StartVm(waiting.Id, HostId(0)))!;

        Assert.Equal((3, 2), (impact.Before.FailuresTolerated, impact.After.FailuresTolerated));
        Assert.True(impact.Lowers);
        // Gate 3 holds it until what it costs was read.
        Assert.Equal(Errors.XapiErrorNames.ConfirmationRequired, Confirmations.CheckHa(impact, null)?.Name);
        Assert.Null(Confirmations.CheckHa(impact, new OperationConfirmation(null, null, false, AcknowledgeHaPlan: true)));
        // Asking changed nothing: the VM is still halted and the plan is as before.
        Assert.Equal(PowerState.Halted, pool.Snapshot().Vms.Single(v => v.Id == waiting.Id).PowerState);
        Assert.Equal(3, pool.PlanHa().FailuresTolerated);
    }

    [Fact]
    public void A_step_that_leaves_the_plan_whole_does_not_lower_it_and_without_HA_or_when_the_step_cannot_run_there_is_no_impact()
    {
        // Shutting a protected VM down frees room: the plan can only rise.
        var pool = Pool.Create(Description(Hosts(4), Protected(0, 17), Protected(1, 17), Protected(2, 17), Protected(3, 17)),
            new FakeTimeProvider(TimeProvider.System.GetUtcNow())).Pool!;
        var shutdown = pool.HaImpactOf(new ShutdownVm(Protected(3, 17).Id))!;
        Assert.Equal((2, 3), (shutdown.Before.FailuresTolerated, shutdown.After.FailuresTolerated));
        Assert.False(shutdown.Lowers);
        Assert.Null(Confirmations.CheckHa(shutdown, null));

        // Starting a VM that is already running is refused by its gate: nothing to weigh.
        Assert.Null(pool.HaImpactOf(new StartVm(Protected(0, 17).Id, HostId(1))));

        var withoutHa = Pool.Create(Description(Hosts(2), Protected(0, 17)) with { HaEnabled = false }, new FakeTimeProvider(TimeProvider.System.GetUtcNow())).Pool!;
        Assert.Null(withoutHa.HaImpactOf(new ShutdownVm(Protected(0, 17).Id)));
    }

    private static HaPlan Plan(IReadOnlyList<HostDescription> hosts, params VmDescription[] vms) =>
        Pool.Create(Description(hosts, vms), new FakeTimeProvider(TimeProvider.System.GetUtcNow())).Pool!.PlanHa();

    private static PoolDescription Description(IReadOnlyList<HostDescription> hosts, params VmDescription[] vms) => new()
    {
        Id = Guid.Parse("aaaaaaaa-0000-4000-8000-00000000a000"),
        Name = "ha-plan",
        HaEnabled = true,
        Hosts = hosts,
        Srs = [new SrDescription { Id = Shared, Name = "nfs", Shared = true }, .. hosts.Select((h, n) => new SrDescription { Id = LocalSr(n), Name = $"local-{h.Name}", OwnerHostId = h.Id })],
        Vdis = [.. vms.SelectMany(v => v.Disks).Select(d => new VdiDescription { Id = d.VdiId, Name = $"disk-{d.VdiId.ToString()[..8]}", SrId = SrOf(d.VdiId) })],
        Vms = vms,
    };

    private static IReadOnlyList<HostDescription> Hosts(int count) => [.. Enumerable.Range(0, count).Select(n => new HostDescription
    {
        Id = HostId(n), Name = $"h{n}", Address = $"192.0.2.{n + 1}", MemoryMiB = 64 * 1024, Role = n == 0 ? HostRole.Master : HostRole.Member,
    })];

    private static VmDescription Protected(int host, int gib) => new()
    {
        Id = Guid.Parse($"70000000-0000-4000-8000-{host * 1000 + gib:000000000000}"),
        Name = $"vm-h{host}-{gib}",
        MemoryMiB = gib * 1024L,
        PowerState = PowerState.Running,
        ResidentOn = HostId(host),
        HaPriority = HaRestartPriority.Restart,
        Disks = [new Vbd(SharedDisk(host, gib), AttachMode.RW)],
    };

    private static Guid HostId(int n) => Guid.Parse($"10000000-0000-4000-8000-{n:000000000000}");

    private static Guid LocalSr(int n) => Guid.Parse($"5000000a-0000-4000-8000-{n:000000000000}");

    private static Guid SharedDisk(int host, int gib) => Guid.Parse($"60000000-0000-4000-8000-{host * 1000 + gib:000000000000}");

    private static Guid LocalDisk(int host) => Guid.Parse($"6000000a-0000-4000-8000-{host:000000000000}");

    private static Guid SrOf(Guid vdi) => vdi.ToString().StartsWith("6000000a", StringComparison.Ordinal) ? LocalSr(int.Parse(vdi.ToString()[^12..], System.Globalization.CultureInfo.InvariantCulture)) : Shared;
}
