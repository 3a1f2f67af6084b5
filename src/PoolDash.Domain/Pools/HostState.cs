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
    private long _lastHeartbeatTicks;
    private long _graceStartTicks;
    private long _suspectAfterTicks;
    private int _liveness;

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

    public bool IsLive => Liveness is Liveness.Alive or Liveness.Suspect;

    public long LastHeartbeatTicks => Volatile.Read(ref _lastHeartbeatTicks);

    public long GraceStartTicks => Volatile.Read(ref _graceStartTicks);

    public long SuspectAfterTicks => Volatile.Read(ref _suspectAfterTicks);

    /// <summary>Sets the liveness with a full fence, so a heartbeat racing with a verdict is never lost (see
    /// <see cref="RecordHeartbeat"/>).</summary>
    public Liveness SetLiveness(Liveness liveness) => (Liveness)Interlocked.Exchange(ref _liveness, (int)liveness);

    /// <summary>Starts a fresh full timeout from <paramref name="nowTicks"/> (service start, join).</summary>
    public void StartGrace(long nowTicks) => Volatile.Write(ref _graceStartTicks, nowTicks);

    public void RestoreLastHeartbeat(long ticks) => Volatile.Write(ref _lastHeartbeatTicks, ticks);

    /// <summary>
    /// The hot path: record the time, learn the interval, and say whether the host was Alive (nothing else to do).
    /// Allocates nothing and takes only this host's own lock.
    /// </summary>
    public bool RecordHeartbeat(long nowTicks)
    {
        lock (_heartbeatGate)
        {
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

    /// <summary>When silence makes this host Dead: a whole timeout after its last heartbeat, or after the grace period
    /// began if that is later (a restart, a join). The one statement of the guide's rule.</summary>
    public long DeadAtTicks(long timeoutTicks) => Math.Max(LastHeartbeatTicks, GraceStartTicks) + timeoutTicks;

    /// <summary>What the host's liveness should be at <paramref name="nowTicks"/>, and when that may next change.</summary>
    public Liveness Evaluate(long nowTicks, long timeoutTicks, out long nextDueTicks)
    {
        nextDueTicks = long.MaxValue;
        var current = Liveness;
        if (current is Liveness.Dead or Liveness.Forgotten)
        {
            return current;
        }

        var last = LastHeartbeatTicks;
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
