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
    /// The hot path: a host reports on one of the channels PoolDash times itself (its agent, the probe). Known and
    /// alive: one timestamp written, no pool lock, no allocation. A host that was Suspect, Dead or Isolated takes the
    /// slow path and is judged again; an unknown or forgotten one is refused.
    /// </summary>
    public HeartbeatResult RecordHeartbeat(Guid hostId, LivenessChannel channel = LivenessChannel.Agent)
    {
        if (channel == LivenessChannel.Xapi)
        {
            throw new ArgumentException("The master's view is reported with ObserveMasterView, not as a heartbeat.", nameof(channel));
        }

        if (!Volatile.Read(ref _heartbeatIndex).TryGetValue(hostId, out var host))
        {
            return Unknown(hostId);
        }

        return host.RecordHeartbeat(NowTicks(), channel) ? HeartbeatResult.Recorded : Heard(host);
    }

    /// <summary>A host's last hour of heartbeats per channel, with its Suspect and Dead lines; null for an unknown host.
    /// Read without the pool's lock, like the hot path that writes it.</summary>
    public Heartbeats.HeartbeatTrace? TraceHeartbeats(Guid hostId)
    {
        if (!Volatile.Read(ref _heartbeatIndex).TryGetValue(hostId, out var host))
        {
            return null;
        }

        var now = NowTicks();
        var suspect = host.SuspectAfterTicks;
        return new(hostId, new DateTimeOffset(now, TimeSpan.Zero), host.BeatHour(LivenessChannel.Agent, now), host.BeatHour(LivenessChannel.Probe, now),
            suspect > 0 ? TimeSpan.FromTicks(suspect) : null, TimeSpan.FromTicks(_state.TimeoutTicks));
    }

    /// <summary>
    /// What the pool master says now of each host (<c>host_metrics.live</c>; <paramref name="live"/> holds the hosts
    /// it reports live). A Dead host the master reports live is heard again (Isolated if PoolDash still cannot reach
    /// it); a host the master gives up on while PoolDash hears it is Isolated; one both have lost is Dead.
    /// </summary>
    public IReadOnlyList<PoolEvent> ObserveMasterView(IReadOnlySet<Guid> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        lock (_gate)
        {
            var now = _state.NowTicks = NowTicks();
            foreach (var host in _state.Hosts.Values)
            {
                var view = live.Contains(host.Id) ? MasterView.Live : MasterView.NotLive;
                var changed = view != host.MasterView;
                host.SetMasterView(view, now);
                if (!changed)
                {
                    continue;
                }

                var verdict = host.Liveness == Liveness.Dead && view == MasterView.Live
                    ? host.Judge(now, _state.TimeoutTicks, out _)
                    : host.Evaluate(now, _state.TimeoutTicks, out _);
                if (verdict != host.Liveness)
                {
                    Transition(host, verdict, view == MasterView.Live ? "the pool master reports it live" : "the pool master no longer reports it live");
                }
            }

            var events = Emit();
            RefreshIndex();
            return events;
        }
    }

    /// <summary>The master is not heard: what it says of itself is worth nothing now (what it said of the others stands
    /// until a master is heard again — losing sight of the master never makes anyone look dead).</summary>
    public IReadOnlyList<PoolEvent> MasterViewLost()
    {
        lock (_gate)
        {
            var now = _state.NowTicks = NowTicks();
            if (_state.Hosts.TryGetValue(_state.MasterId, out var master) && master.MasterView != MasterView.Unknown)
            {
                master.SetMasterView(MasterView.Unknown, master.MasterViewAtTicks);
                if (master.Evaluate(now, _state.TimeoutTicks, out _) is var verdict && verdict != master.Liveness)
                {
                    Transition(master, verdict, "the pool master is not heard");
                }
            }

            return Emit();
        }
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

    /// <summary>From now on this pool is a mirror of a real pool (see <see cref="PoolState.FollowsRealPool"/>).</summary>
    public void FollowRealPool()
    {
        lock (_gate)
        {
            _state.FollowsRealPool = true;
        }
    }

    /// <summary>Whether a connected pool's state shows <paramref name="command"/>'s effect (see
    /// <see cref="PoolCommand.ShownBy"/>).</summary>
    public bool Shows(PoolCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            return command.ShownBy(_state);
        }
    }

    /// <summary>
    /// A connected pool carried the command out and its state shows it: the command is recorded as performed by
    /// <paramref name="actor"/> (a repeat is answered with it), with what PoolDash records itself. Null while the pool
    /// does not show it.
    /// </summary>
    public CommandResult? Confirm(PoolCommand command, string actor)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        lock (_gate)
        {
            if (!command.ShownBy(_state))
            {
                return null;
            }

            _state.NowTicks = NowTicks();
            command.ApplyConfirmed(_state);
            _state.Raise(new OperationPerformed(command.Operation, command.TargetId, actor));
            Remember(new AppliedCommand(command, actor, new DateTimeOffset(_state.NowTicks, TimeSpan.Zero), _state.Sequence));
            RefreshIndex();
            return new CommandResult(CommandOutcome.Performed, Emit(), null, null);
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
            _state.NowTicks = NowTicks();
            return PoolStateBuilder.Describe(_state);
        }
    }

    /// <summary>How many host failures HA can absorb now, and what the worst single one would leave down.</summary>
    public Ha.HaPlan PlanHa()
    {
        lock (_gate)
        {
            return Ha.HaPlanner.Plan(_state);
        }
    }

    /// <summary>
    /// The HA plan now and as it would be after <paramref name="command"/>, run on a copy of the pool: null when HA is
    /// off or the step could not run now (its gate says why). Starting a VM takes memory from a host; the plan says
    /// what that costs before anyone runs it.
    /// </summary>
    public Ha.HaImpact? HaImpactOf(PoolCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            var now = _state.NowTicks = NowTicks();
            if (!_state.HaEnabled || command.Check(_state) is not null)
            {
                return null;
            }

            var before = Ha.HaPlanner.Plan(_state);
            var copy = PoolStateBuilder.Build(PoolStateBuilder.Describe(_state), now);
            copy.NowTicks = now;
            command.Apply(copy);
            return new(before, Ha.HaPlanner.Plan(copy));
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

    /// <summary>The slow path of a heartbeat: a host just heard is Alive, or Isolated while the master has given up on it.</summary>
    private HeartbeatResult Heard(HostState host)
    {
        lock (_gate)
        {
            if (!_state.Hosts.ContainsKey(host.Id))
            {
                return Unknown(host.Id);
            }

            var heard = HeardLiveness(host);
            if (host.Liveness == heard)
            {
                return HeartbeatResult.Recorded;
            }

            _state.NowTicks = NowTicks();
            Transition(host, heard, "heartbeat");
            return new HeartbeatResult(HeartbeatOutcome.Revived, Emit(), null);
        }
    }

    private static Liveness HeardLiveness(HostState host) =>
        host.MasterView == MasterView.NotLive ? Liveness.Isolated : Liveness.Alive;

    /// <summary>Moves a host to <paramref name="to"/> with the effects of that move (death, revival), under the lock.</summary>
    private void Transition(HostState host, Liveness to, string reason)
    {
        if (to == Liveness.Dead)
        {
            _state.MarkDead(host, reason);
        }
        else if (to == Liveness.Alive || host.Liveness == Liveness.Dead)
        {
            _state.Revive(host, reason, to);
        }
        else
        {
            _state.ChangeLiveness(host, to, reason);
        }
    }

    private void ApplyVerdict(HostState host, long now)
    {
        if (!_state.Hosts.ContainsKey(host.Id))
        {
            return;
        }

        var verdict = host.Evaluate(now, _state.TimeoutTicks, out _);
        if (verdict == host.Liveness)
        {
            return;
        }

        Transition(host, verdict, verdict switch
        {
            Liveness.Dead => $"no sign of life for {TimeSpan.FromTicks(_state.TimeoutTicks).TotalSeconds:0.###} s",
            Liveness.Suspect => $"heartbeats overdue (phi ≥ {PhiAccrual.Threshold})",
            Liveness.Isolated => "silent to PoolDash past the timeout, but the pool master still reports it live",
            _ when host.InMaintenance(now) => "in maintenance",
            _ => "heartbeat",
        });

        // A heartbeat that landed between the verdict and the liveness write saw the old liveness and took the fast
        // path; both sides fence, so it is visible here. The host is then alive after all.
        var heardMeanwhile = verdict == Liveness.Dead
            ? host.DeadAtTicks(_state.TimeoutTicks) > now
            : verdict == Liveness.Suspect && host.Evaluate(now, _state.TimeoutTicks, out _) == Liveness.Alive;
        if (heardMeanwhile)
        {
            Transition(host, HeardLiveness(host), "heartbeat");
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
