using PoolDash.Domain.Events;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Pools;

/// <summary>Commands on one pool are serialized; a repeat of one that already took effect is told what happened.</summary>
public class CommandSerializationTests
{
    [Fact]
    public void A_second_identical_command_is_answered_with_who_already_did_it()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        lab.Performed(new ResetVmPowerState(LabPool.Web1), "alice");
        var sequence = lab.Snapshot.Sequence;

        var again = lab.Run(new ResetVmPowerState(LabPool.Web1), "bob");

        Assert.Equal(CommandOutcome.AlreadyDone, again.Outcome);
        Assert.Equal("alice", again.Earlier!.Actor);
        Assert.Empty(again.Events);
        Assert.Equal(sequence, lab.Snapshot.Sequence);
    }

    [Fact]
    public void A_repeat_after_the_effect_was_undone_runs_again()
    {
        var lab = new LabPool();
        lab.Performed(new ShutdownVm(LabPool.App1), "alice");
        lab.Performed(new StartVm(LabPool.App1, LabPool.C), "alice");

        var again = lab.Run(new ShutdownVm(LabPool.App1), "bob");

        Assert.Equal(CommandOutcome.Performed, again.Outcome);
    }

    [Fact]
    public async Task Two_operators_submitting_the_same_step_at_once_yield_one_execution()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        using var start = new Barrier(8);

        // Dedicated threads: all eight must be waiting at the barrier together, which the thread pool may not allow.
        var tasks = Enumerable.Range(0, 8)
            .Select(i => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return lab.Pool.Execute(new DeclareHostDead(LabPool.A), $"op{i}");
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(1));

        var performed = Assert.Single(results, r => r.Outcome == CommandOutcome.Performed);
        Assert.All(results.Where(r => r != performed), r =>
        {
            Assert.Equal(CommandOutcome.AlreadyDone, r.Outcome);
            Assert.Equal(((OperationPerformed)performed.Events[^1]).Actor, r.Earlier!.Actor);
        });
    }

    [Fact]
    public void Every_event_gets_the_next_sequence_number_of_its_pool()
    {
        var lab = new LabPool();
        var events = new List<PoolEvent>();
        events.AddRange(lab.Kill(LabPool.A));
        events.AddRange(lab.Run(new StartVm(LabPool.Idle1, LabPool.A)).Events);
        events.AddRange(lab.Run(new DeclareHostDead(LabPool.A)).Events);
        events.AddRange(lab.Pool.RecordHeartbeat(LabPool.A).Events);

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal(LabPool.PoolId, e.PoolId));
        Assert.Equal(events.Count, lab.Snapshot.Sequence);
    }

    [Fact]
    public void A_refusal_is_an_event_but_leaves_the_pool_unchanged()
    {
        var lab = new LabPool();
        var before = ViewComparer<object>.Json(lab.Snapshot with { Sequence = 0 });

        var result = lab.Run(new ForgetHost(LabPool.B));

        var refused = Assert.Single(result.Events.OfType<OperationRefused>());
        Assert.Equal(("host-forget", LabPool.B, "HOST_IS_LIVE"), (refused.Operation, refused.TargetId, refused.Error.Name));
        Assert.Equal(before, ViewComparer<object>.Json(lab.Snapshot with { Sequence = 0 }));
    }

    [Fact]
    public void WhyNot_gives_the_reason_a_page_shows_without_running_anything()
    {
        var lab = new LabPool();
        var sequence = lab.Snapshot.Sequence;

        Assert.Equal("HOST_IS_LIVE", lab.Pool.WhyNot(new ForgetHost(LabPool.B))!.Name);
        Assert.Null(lab.Pool.WhyNot(new StartVm(LabPool.Idle1, LabPool.B)));
        Assert.Equal(sequence, lab.Snapshot.Sequence);
    }
}
