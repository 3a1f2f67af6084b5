namespace PoolDash.Domain.Heartbeats;

/// <summary>
/// The last hour of one host's heartbeats on one channel, a minute to a slot: how many came and the longest gap
/// before one. Fixed size, written and read under the host's heartbeat lock, so the hot path allocates nothing after a
/// host's first beat.
/// </summary>
internal sealed class BeatLog
{
    public const int Minutes = 60;

    // One array of slots, not three arrays: a beat touches one slot, in one cache line.
    private readonly Slot[] _slots = new Slot[Minutes];
    private long _lastTicks;
    private long _slotStartTicks = long.MinValue / 2;
    private int _slot;

    /// <param name="nowTicks">Never earlier than the last beat on this channel (the host passes its channel's latest).</param>
    public void Add(long nowTicks)
    {
        // The hot path: within the current minute no division is needed to find its slot.
        if (nowTicks < _slotStartTicks || nowTicks >= _slotStartTicks + TimeSpan.TicksPerMinute)
        {
            var minute = nowTicks / TimeSpan.TicksPerMinute;
            _slot = (int)(minute % Minutes);
            _slotStartTicks = minute * TimeSpan.TicksPerMinute;
            if (_slots[_slot].Minute != minute)
            {
                _slots[_slot] = new Slot { Minute = minute };
            }
        }

        ref var slot = ref _slots[_slot];
        slot.Beats++;
        if (_lastTicks > 0 && nowTicks - _lastTicks > slot.LongestGap)
        {
            slot.LongestGap = nowTicks - _lastTicks;
        }

        _lastTicks = Math.Max(_lastTicks, nowTicks);
    }

    /// <summary>The hour up to <paramref name="nowTicks"/>, oldest minute first. A minute after the last beat shows the
    /// silence as it stood at that minute's end (or now), so a dying link is seen growing before the verdict; a gap
    /// that has ended shows at the minute of the beat that ended it.</summary>
    public IReadOnlyList<BeatMinute> Hour(long nowTicks)
    {
        var current = nowTicks / TimeSpan.TicksPerMinute;
        var result = new BeatMinute[Minutes];
        for (var i = 0; i < Minutes; i++)
        {
            var minute = current - Minutes + 1 + i;
            var slot = (int)(minute % Minutes);
            var start = new DateTimeOffset(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
            var end = Math.Min(nowTicks, (minute + 1) * TimeSpan.TicksPerMinute);
            var known = _slots[slot].Minute == minute;
            var beats = known ? _slots[slot].Beats : 0;
            var gap = known ? _slots[slot].LongestGap : 0;
            // The silence still running counts for the minutes since the last beat, as it stood at each one's end.
            if (_lastTicks > 0 && _lastTicks < end)
            {
                gap = Math.Max(gap, end - _lastTicks);
            }

            result[i] = new BeatMinute(start, beats, TimeSpan.FromTicks(gap));
        }

        return result;
    }

    /// <summary>One minute's slot.</summary>
    private struct Slot
    {
        public long Minute;
        public long LongestGap;
        public int Beats;
    }
}

/// <summary>One minute of a channel: the beats that came and the longest silence in it.</summary>
public sealed record BeatMinute(DateTimeOffset Start, int Beats, TimeSpan LongestGap);
