using Microsoft.Extensions.Time.Testing;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Pools;

/// <summary>A pool hands every event to its sink as it happens, in sequence; the state gate's refusal never performs.</summary>
public sealed class EventSinkTests
{
    [Fact]
    public void Every_event_reaches_the_sink_in_sequence_whoever_caused_it()
    {
        var sink = new RecordingSink();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var pool = Pool.Create(new LabPool().Pool.Describe(), time, sink).Pool!;

        time.Advance(TimeSpan.FromSeconds(600));
        pool.RecordHeartbeat(LabPool.M);
        pool.RecordHeartbeat(LabPool.B);
        pool.RecordHeartbeat(LabPool.C);
        var swept = pool.Sweep().Events;
        var refused = pool.Execute(new ForgetHost(LabPool.M), "op").Events;
        var revived = pool.RecordHeartbeat(LabPool.A).Events;

        Assert.NotEmpty(swept);
        Assert.Single(refused);
        Assert.NotEmpty(revived);
        Assert.Equal([.. swept, .. refused, .. revived], sink.Events);
        Assert.Equal(Enumerable.Range(1, sink.Events.Count).Select(i => (long)i), sink.Events.Select(e => e.Sequence - sink.Events[0].Sequence + 1));
    }

    [Fact]
    public void The_state_gate_refuses_or_answers_but_never_performs()
    {
        var lab = new LabPool();
        lab.Kill(LabPool.A);
        var before = lab.Pool.Describe();
        var sequence = lab.Pool.Sequence;

        // A step that could run now: the gate says so (null) and the pool is unchanged.
        Assert.Null(lab.Pool.Refusal(new DeclareHostDead(LabPool.A), "op"));
        Assert.Equivalent(before, lab.Pool.Describe(), strict: true);
        Assert.Equal(sequence, lab.Pool.Sequence);

        // One that cannot: refused with XAPI's error, recorded as one event, still nothing performed.
        var refused = lab.Pool.Refusal(new ForgetHost(LabPool.B), "op");
        Assert.Equal(CommandOutcome.Refused, refused!.Outcome);
        Assert.IsType<OperationRefused>(Assert.Single(refused.Events));
        Assert.Equivalent(before, lab.Pool.Describe(), strict: true);
    }

    private sealed class RecordingSink : IPoolEventSink
    {
        public List<PoolEvent> Events { get; } = [];

        public void Publish(IReadOnlyList<PoolEvent> events) => Events.AddRange(events);
    }
}
