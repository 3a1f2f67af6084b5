using System.Collections.Frozen;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Heartbeats;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;

namespace PoolDash.Domain.Pools;

/// <summary>
/// One resource pool: the single source of truth for its hosts, VMs, storage and locks. Commands are serialized on
/// the pool's lock and re-check their preconditions when they run; heartbeats take no pool lock unless they change
/// a host's liveness. Every change comes out as events stamped with the pool's sequence.
/// </summary>
public sealed class Pool
{
    private const int JournalCapacity = 256;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly IPoolEventSink? _sink;
    private readonly PoolState _state;
    private readonly Queue<AppliedCommand> _journal = new();
    private FrozenDictionary<Guid, HostState> _heartbeatIndex = FrozenDictionary<Guid, HostState>.Empty;
    private HostState[] _sweepList = [];
    private int _indexedVersion = -1;

    private Pool(PoolState state, TimeProvider time, IPoolEventSink? sink)
    {
        _state = state;
        _time = time;
        _sink = sink;
        RefreshIndex();
    }

    public Guid Id => _state.Id;

    public string Name => _state.Name;

    /// <summary>The sequence number of the pool's last event.</summary>
    public long Sequence
    {
        get
        {
            lock (_gate)
            {
                return _state.Sequence;
            }
        }
    }

    /// <summary>Creates a pool from a description, or lists every problem with it. Every host gets a fresh full
    /// timeout from now: after PoolDash starts, nobody is declared dead before a whole timeout has passed.
    /// Every event the pool raises goes to <paramref name="sink"/> as it happens (results carry a copy).</summary>
    public static PoolCreation Create(PoolDescription description, TimeProvider time, IPoolEventSink? sink = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var problems = PoolDescriptionValidator.Validate(description);
        if (problems.Count > 0)
        {
            return new PoolCreation(null, problems);
        }

        var state = PoolStateBuilder.Build(description, time.GetUtcNow().UtcTicks);
        return new PoolCreation(new Pool(state, time, sink), []);
    }

    /// <summary>
    /// The hot path: a host reports. Known and alive: one timestamp written, no pool lock, no allocation. A host that
    /// was Suspect or Dead takes the slow path and is revived; an unknown or forgotten one is refused.
    /// </summary>
    public HeartbeatResult RecordHeartbeat(Guid hostId)
    {
        if (!Volatile.Read(ref _heartbeatIndex).TryGetValue(hostId, out var host))
        {
            return Unknown(hostId);
        }

        return host.RecordHeartbeat(NowTicks()) ? HeartbeatResult.Recorded : Revive(host);
    }

    /// <summary>
    /// Decides liveness: Suspect when phi crosses its threshold, Dead when the timeout has passed. Reads every host
    /// without the lock and takes it only when some verdict is due. Says when the next one can be due.
    /// </summary>
    public SweepResult Sweep()
    {
        var now = NowTicks();
        var timeout = _state.TimeoutTicks;
        List<HostState>? due = null;
        var next = long.MaxValue;
        foreach (var host in Volatile.Read(ref _sweepList))
        {
            if (host.Evaluate(now, timeout, out var hostNext) != host.Liveness)
            {
                (due ??= []).Add(host);
            }

            next = Math.Min(next, hostNext);
        }

        if (due is null)
        {
            return new SweepResult([], AsTime(next));
        }

        lock (_gate)
        {
            _state.NowTicks = now;
            foreach (var host in due)
            {
                ApplyVerdict(host, now);
            }

            var events = Emit();
            RefreshIndex();
            return new SweepResult(events, AsTime(NextDue(now)));
        }
    }

    /// <summary>Runs an operator's command: serialized, preconditions re-checked now, refused with a XAPI error or
    /// performed; a repeat of a command whose effect still holds is answered with the earlier performance.</summary>
    public CommandResult Execute(PoolCommand command, string actor)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        lock (_gate)
        {
            _state.NowTicks = NowTicks();
            if (Judge(command, actor) is { } refusedOrDone)
            {
                return refusedOrDone;
            }

            command.Apply(_state);
            _state.Raise(new OperationPerformed(command.Operation, command.TargetId, actor));
            Remember(new AppliedCommand(command, actor, new DateTimeOffset(_state.NowTicks, TimeSpan.Zero), _state.Sequence));
            RefreshIndex();
            return new CommandResult(CommandOutcome.Performed, Emit(), null, null);
        }
    }

    /// <summary>
    /// The state gate: refuses the command (recording the refusal) when it cannot run now, or answers with the earlier
    /// performance when it already happened; null when it could run now. It never performs, so a gate that says no
    /// can record its verdict without any chance that the pool changed in between and the step ran ungated.
    /// </summary>
    public CommandResult? Refusal(PoolCommand command, string actor)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        lock (_gate)
        {
            _state.NowTicks = NowTicks();
            return Judge(command, actor);
        }
    }

    /// <summary>A connected pool takes what the pool itself reports (see <see cref="Reconciliation"/>): each difference
    /// is applied with its event, under the lock like any change. Answers the events (also published to the sink).</summary>
    public IReadOnlyList<PoolEvent> Reconcile(PoolDescription observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        lock (_gate)
        {
            _state.NowTicks = NowTicks();
            Reconciliation.Apply(_state, observed);
            RefreshIndex();
            return Emit();
        }
    }

    /// <summary>Why a command would be refused right now (null: it would run). What a page shows beside a disabled
    /// button; the command itself re-checks when it runs.</summary>
    public XapiError? WhyNot(PoolCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            _state.NowTicks = NowTicks();
            return command.Preconditions(_state);
        }
    }

    /// <summary>Each host's last heartbeat (hosts never heard from are left out), read without the lock like the
    /// sweep: what the store flushes in batches, without building a whole snapshot of every pool.</summary>
    public IEnumerable<(Guid HostId, DateTimeOffset At)> LastHeartbeats()
    {
        foreach (var host in Volatile.Read(ref _sweepList))
        {
            if (host.LastHeartbeatTicks is var ticks and > 0)
            {
                yield return (host.Id, new DateTimeOffset(ticks, TimeSpan.Zero));
            }
        }
    }

    public PoolSnapshot Snapshot()
    {
        lock (_gate)
        {
            return SnapshotBuilder.Build(_state, NowTicks());
        }
    }

    /// <summary>The pool's full current state as a description: export, and what a restore starts from.</summary>
    public PoolDescription Describe()
    {
        lock (_gate)
        {
            return PoolStateBuilder.Describe(_state);
        }
    }

    public RecoveryPlan PlanRecovery(Guid hostId)
    {
        lock (_gate)
        {
            _state.NowTicks = NowTicks();
            return RecoveryPlanner.Plan(_state, hostId);
        }
    }

    private CommandResult? Judge(PoolCommand command, string actor)
    {
        var earlier = _journal.LastOrDefault(a => a.Command.Equals(command));
        if (earlier is not null && command.IsSatisfied(_state))
        {
            return new CommandResult(CommandOutcome.AlreadyDone, [], null, earlier);
        }

        if (command.Preconditions(_state) is { } error)
        {
            _state.Raise(new OperationRefused(command.Operation, command.TargetId, actor, error));
            return new CommandResult(CommandOutcome.Refused, Emit(), error, null);
        }

        return null;
    }

    /// <summary>Hands the events raised under the lock to the sink, in order, before the lock is released.</summary>
    private IReadOnlyList<PoolEvent> Emit()
    {
        var events = _state.TakeEvents();
        if (events.Count > 0)
        {
            _sink?.Publish(events);
        }

        return events;
    }

    private HeartbeatResult Revive(HostState host)
    {
        lock (_gate)
        {
            if (!_state.Hosts.ContainsKey(host.Id))
            {
                return Unknown(host.Id);
            }

            if (host.Liveness == Liveness.Alive)
            {
                return HeartbeatResult.Recorded;
            }

            _state.NowTicks = NowTicks();
            _state.Revive(host, "heartbeat");
            return new HeartbeatResult(HeartbeatOutcome.Revived, Emit(), null);
        }
    }

    private void ApplyVerdict(HostState host, long now)
    {
        if (!_state.Hosts.ContainsKey(host.Id))
        {
            return;
        }

        var verdict = host.Evaluate(now, _state.TimeoutTicks, out _);
        switch (verdict)
        {
            case Liveness.Dead when host.Liveness != Liveness.Dead:
                _state.MarkDead(host, $"no heartbeat for {TimeSpan.FromTicks(_state.TimeoutTicks).TotalSeconds:0.###} s");
                break;
            case Liveness.Suspect when host.Liveness == Liveness.Alive:
                _state.ChangeLiveness(host, Liveness.Suspect, $"heartbeats overdue (phi ≥ {PhiAccrual.Threshold})");
                break;
            case Liveness.Alive when host.Liveness == Liveness.Suspect:
                _state.ChangeLiveness(host, Liveness.Alive, "heartbeat");
                return;
            default:
                return;
        }

        // A heartbeat that landed between the verdict and the liveness write saw the old liveness and took the fast
        // path; both sides fence, so it is visible here. The host is then alive after all.
        var heardMeanwhile = verdict == Liveness.Dead
            ? host.DeadAtTicks(_state.TimeoutTicks) > now
            : host.Evaluate(now, _state.TimeoutTicks, out _) == Liveness.Alive;
        if (heardMeanwhile)
        {
            _state.Revive(host, "heartbeat");
        }
    }

    private long NextDue(long now)
    {
        var next = long.MaxValue;
        foreach (var host in _state.Hosts.Values)
        {
            host.Evaluate(now, _state.TimeoutTicks, out var hostNext);
            next = Math.Min(next, hostNext);
        }

        return next;
    }

    private void Remember(AppliedCommand applied)
    {
        if (_journal.Count == JournalCapacity)
        {
            _journal.Dequeue();
        }

        _journal.Enqueue(applied);
    }

    private void RefreshIndex()
    {
        if (_indexedVersion == _state.HostsVersion)
        {
            return;
        }

        var hosts = _state.Hosts.Values.ToArray();
        Volatile.Write(ref _sweepList, hosts);
        Volatile.Write(ref _heartbeatIndex, hosts.ToFrozenDictionary(h => h.Id));
        _indexedVersion = _state.HostsVersion;
    }

    private static HeartbeatResult Unknown(Guid hostId) =>
        new(HeartbeatOutcome.Refused, [], Xapi.HostUnknownToMaster(hostId));

    private long NowTicks() => _time.GetUtcNow().UtcTicks;

    private static DateTimeOffset? AsTime(long ticks) =>
        ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
