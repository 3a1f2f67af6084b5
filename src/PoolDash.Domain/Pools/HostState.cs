using PoolDash.Domain.Heartbeats;

namespace PoolDash.Domain.Pools;

/// <summary>
/// One host of a pool. The heartbeat fields are written on the hot path without the pool's lock (each host
/// guards its own interval history); everything else changes only under the pool's lock.
/// </summary>
internal sealed class HostState
{
    private readonly Lock _heartbeatGate = new();
    private readonly HeartbeatHistory _history = new();
    private BeatLog? _agentLog;
    private BeatLog? _probeLog;
    private long _lastHeartbeatTicks;
    private long _graceStartTicks;
    private long _suspectAfterTicks;
    private long _agentTicks;
    private long _probeTicks;
    private long _masterSawLiveTicks;
    private long _masterViewAtTicks;
    private long _maintenanceUntilTicks;
    private int _liveness;
    private int _masterView;

    public HostState(Guid id, string name, string address, long memoryTotalMiB, HostRole role)
    {
        Id = id;
        Name = name;
        Address = address;
        MemoryTotalMiB = memoryTotalMiB;
        Role = role;
    }

    public Guid Id { get; }

    public string Name { get; }

    public string Address { get; }

    public long MemoryTotalMiB { get; }

    /// <summary>The role this host believes it has. A dead master that another host replaced still says Master
    /// until it is heard from again and demoted.</summary>
    public HostRole Role { get; set; }

    /// <summary>The master a member points at; a member whose master is not the pool's is waiting.</summary>
    public Guid? Following { get; set; }

    /// <summary>Whether this host was the pool master (so the SR master of every shared SR) when it died.</summary>
    public bool WasPoolMasterWhenDied { get; set; }

    public Liveness Liveness => (Liveness)Volatile.Read(ref _liveness);

    /// <summary>Running as far as the pool is concerned: not Dead (nor Forgotten).</summary>
    public bool IsLive => Liveness is Liveness.Alive or Liveness.Suspect or Liveness.Isolated;

    public long LastHeartbeatTicks => Volatile.Read(ref _lastHeartbeatTicks);

    public long GraceStartTicks => Volatile.Read(ref _graceStartTicks);

    public long SuspectAfterTicks => Volatile.Read(ref _suspectAfterTicks);

    /// <summary>The end of the maintenance window that covers this host (0: none). Until then its silence is planned:
    /// no Suspect, no Dead, no Isolated; from then on it counts like a fresh start.</summary>
    public long MaintenanceUntilTicks => Volatile.Read(ref _maintenanceUntilTicks);

    public void SetMaintenanceUntil(long ticks) => Interlocked.Exchange(ref _maintenanceUntilTicks, ticks);

    public bool InMaintenance(long nowTicks) => nowTicks < MaintenanceUntilTicks;

    /// <summary>The last sign of life on each channel PoolDash times itself (0: never since PoolDash started).</summary>
    public long AgentTicks => Volatile.Read(ref _agentTicks);

    public long ProbeTicks => Volatile.Read(ref _probeTicks);

    /// <summary>What the pool master says of this host; kept as last heard while the master itself is not heard.</summary>
    public MasterView MasterView => (MasterView)Volatile.Read(ref _masterView);

    /// <summary>When the master last reported this host live (0: never).</summary>
    public long MasterSawLiveTicks => Volatile.Read(ref _masterSawLiveTicks);

    /// <summary>When the master's view of this host was last heard (0: never).</summary>
    public long MasterViewAtTicks => Volatile.Read(ref _masterViewAtTicks);

    /// <summary>Whether some channel still sees this host running: PoolDash's own channels (Alive, or Isolated) or the
    /// pool master. No destructive step may act on such a host.</summary>
    public bool IsSeen => Liveness is Liveness.Alive or Liveness.Isolated || MasterView == MasterView.Live;

    /// <summary>A person's word that the host is off (null: nobody has given it since the host was last heard).
    /// Changed under the pool's lock.</summary>
    public HostAttestation? Attestation { get; set; }

    /// <summary>Sets the liveness with a full fence, so a heartbeat racing with a verdict is never lost (see
    /// <see cref="RecordHeartbeat"/>).</summary>
    public Liveness SetLiveness(Liveness liveness) => (Liveness)Interlocked.Exchange(ref _liveness, (int)liveness);

    /// <summary>The master's view, heard now (under the pool's lock; the sweep reads it without).</summary>
    public void SetMasterView(MasterView view, long nowTicks)
    {
        Volatile.Write(ref _masterViewAtTicks, nowTicks);
        if (view == MasterView.Live)
        {
            Volatile.Write(ref _masterSawLiveTicks, nowTicks);
        }

        // A full fence like SetLiveness: the sweep that judges after this sees the view.
        Interlocked.Exchange(ref _masterView, (int)view);
    }

    /// <summary>Starts a fresh full timeout from <paramref name="nowTicks"/> (service start, join).</summary>
    public void StartGrace(long nowTicks) => Volatile.Write(ref _graceStartTicks, nowTicks);

    public void RestoreLastHeartbeat(long ticks) => Volatile.Write(ref _lastHeartbeatTicks, ticks);

    /// <summary>
    /// The hot path: record the time, learn the interval, and say whether the host was Alive (nothing else to do).
    /// Allocates nothing and takes only this host's own lock. Every channel PoolDash times itself feeds one rhythm:
    /// the timeout and the Suspect estimate count from the latest sign on any of them.
    /// </summary>
    public bool RecordHeartbeat(long nowTicks, LivenessChannel channel)
    {
        lock (_heartbeatGate)
        {
            if (channel == LivenessChannel.Probe)
            {
                Volatile.Write(ref _probeTicks, Math.Max(nowTicks, _probeTicks));
                (_probeLog ??= new()).Add(_probeTicks);
            }
            else
            {
                Volatile.Write(ref _agentTicks, Math.Max(nowTicks, _agentTicks));
                (_agentLog ??= new()).Add(_agentTicks);
            }

            var previous = _lastHeartbeatTicks;
            if (nowTicks <= previous)
            {
                // A late duplicate: the host is no less alive, but time does not go backwards.
                nowTicks = previous;
            }
            else if (previous >= _graceStartTicks && previous > 0 && Liveness != Liveness.Dead)
            {
                // The silence before a revival from Dead is an outage, not the host's rhythm: leave it out.
                _history.Add(nowTicks - previous);
                Volatile.Write(ref _suspectAfterTicks, _history.SuspectAfterTicks());
            }

            // Interlocked: a full fence between this write and the read of the liveness below, matching the one in
            // SetLiveness, so either the sweep sees this heartbeat or this call sees the verdict.
            Interlocked.Exchange(ref _lastHeartbeatTicks, nowTicks);
        }

        return Liveness == Liveness.Alive;
    }

    /// <summary>The last hour of heartbeats on a channel PoolDash times itself, a minute at a time (empty: none heard).</summary>
    public IReadOnlyList<BeatMinute> BeatHour(LivenessChannel channel, long nowTicks)
    {
        lock (_heartbeatGate)
        {
            return (channel == LivenessChannel.Probe ? _probeLog : _agentLog)?.Hour(nowTicks) ?? [];
        }
    }

    /// <summary>When silence makes this host Dead: a whole timeout after its last heartbeat, or after the grace period
    /// began if that is later (a restart, a join). The one statement of the guide's rule.</summary>
    public long DeadAtTicks(long timeoutTicks) => Math.Max(Math.Max(LastHeartbeatTicks, GraceStartTicks), MaintenanceUntilTicks) + timeoutTicks;

    /// <summary>What the host's liveness should be at <paramref name="nowTicks"/>, and when that may next change. Dead
    /// stays Dead until the host is heard again (a heartbeat, or the master reporting it live).</summary>
    public Liveness Evaluate(long nowTicks, long timeoutTicks, out long nextDueTicks)
    {
        var current = Liveness;
        if (current is Liveness.Dead or Liveness.Forgotten)
        {
            nextDueTicks = long.MaxValue;
            return current;
        }

        return Judge(nowTicks, timeoutTicks, out nextDueTicks);
    }

    /// <summary>
    /// The liveness the signs say, whatever the host is now. PoolDash's own channels give Alive, Suspect or (silent
    /// past the timeout) Dead; the master's view can only contradict them: a host PoolDash has lost that the master
    /// still reports live, or one PoolDash hears that the master has given up on, is Isolated. The master's Live is
    /// not a fresh sign (XAPI keeps it up to its own dead interval after the last contact), so it never restarts
    /// PoolDash's timeout; it only keeps the host from being Dead.
    /// </summary>
    public Liveness Judge(long nowTicks, long timeoutTicks, out long nextDueTicks)
    {
        if (InMaintenance(nowTicks))
        {
            nextDueTicks = MaintenanceUntilTicks;
            return Liveness.Alive;
        }

        var timed = JudgeTimed(nowTicks, timeoutTicks, out nextDueTicks);
        var view = MasterView;
        if (view == MasterView.Unknown)
        {
            return timed;
        }

        return timed == Liveness.Dead
            ? view == MasterView.Live ? Liveness.Isolated : Liveness.Dead
            : view == MasterView.NotLive ? Liveness.Isolated : timed;
    }

    private Liveness JudgeTimed(long nowTicks, long timeoutTicks, out long nextDueTicks)
    {
        nextDueTicks = long.MaxValue;
        // A maintenance window's end counts as the last sign: the rhythm starts again from there.
        var last = Math.Max(LastHeartbeatTicks, MaintenanceUntilTicks);
        var deadAt = DeadAtTicks(timeoutTicks);
        if (nowTicks >= deadAt)
        {
            return Liveness.Dead;
        }

        nextDueTicks = deadAt;
        var suspectAfter = SuspectAfterTicks;
        if (suspectAfter > 0 && last > 0)
        {
            var suspectAt = last + suspectAfter;
            if (suspectAt < deadAt)
            {
                if (nowTicks >= suspectAt)
                {
                    return Liveness.Suspect;
                }

                nextDueTicks = suspectAt;
            }
        }

        return Liveness.Alive;
    }

    public double Phi(long nowTicks)
    {
        var last = LastHeartbeatTicks;
        if (last == 0)
        {
            return 0;
        }

        lock (_heartbeatGate)
        {
            return _history.Phi(nowTicks - last);
        }
    }

    public void ForgetRhythm()
    {
        lock (_heartbeatGate)
        {
            _history.Clear();
            Volatile.Write(ref _suspectAfterTicks, 0);
        }
    }
}
