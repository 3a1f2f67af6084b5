namespace PoolDash.Domain.Heartbeats;

/// <summary>
/// A host's last heartbeat intervals, kept in a fixed ring so recording one allocates nothing.
/// Not thread-safe: the owning host serializes access.
/// </summary>
internal sealed class HeartbeatHistory
{
    private const int Capacity = 16;
    private readonly double[] _intervals = new double[Capacity];
    private int _count;
    private int _next;
    private double _sum;
    private double _sumOfSquares;

    public int Count => _count;

    public void Add(double intervalTicks)
    {
        if (_count == Capacity)
        {
            var old = _intervals[_next];
            _sum -= old;
            _sumOfSquares -= old * old;
        }
        else
        {
            _count++;
        }

        _intervals[_next] = intervalTicks;
        _sum += intervalTicks;
        _sumOfSquares += intervalTicks * intervalTicks;
        _next = (_next + 1) % Capacity;
    }

    public double Mean => _count == 0 ? 0 : _sum / _count;

    public double Deviation
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            var mean = Mean;
            return Math.Sqrt(Math.Max(0, (_sumOfSquares / _count) - (mean * mean)));
        }
    }

    /// <summary>How long after a heartbeat phi reaches the threshold, or 0 while there are too few samples.</summary>
    public long SuspectAfterTicks()
    {
        if (_count < PhiAccrual.MinimumSamples)
        {
            return 0;
        }

        var mean = Mean;
        var deviation = PhiAccrual.EffectiveDeviation(mean, Deviation);
        return (long)(mean + (PhiAccrual.ThresholdDeviations * deviation));
    }

    public double Phi(double elapsedTicks)
    {
        if (_count < PhiAccrual.MinimumSamples)
        {
            return 0;
        }

        var mean = Mean;
        return PhiAccrual.Phi(elapsedTicks, mean, PhiAccrual.EffectiveDeviation(mean, Deviation));
    }

    public void Clear()
    {
        _count = 0;
        _next = 0;
        _sum = 0;
        _sumOfSquares = 0;
    }
}
