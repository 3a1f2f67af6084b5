namespace PoolDash.Domain.Heartbeats;

/// <summary>
/// The last hour of one host's heartbeats on one channel, a minute to a slot: how many came and the longest gap
/// before one. Fixed size, written and read under the host's heartbeat lock, so the hot path allocates nothing after a
/// host's first beat.
/// </summary>
internal sealed class BeatLog
{
    public const int Minutes = 60;

    private readonly long[] _minute = new long[Minutes];
    private readonly int[] _beats = new int[Minutes];
    private readonly long[] _longestGap = new long[Minutes];
    private long _lastTicks;

    public void Add(long nowTicks)
    {
        {
            var minute = nowTicks / TimeSpan.TicksPerMinute;
            var slot = (int)(minute % Minutes);
            if (_minute[slot] != minute)
            {
                _minute[slot] = minute;
                _beats[slot] = 0;
                _longestGap[slot] = 0;
            }

            _beats[slot]++;
            if (_lastTicks > 0 && nowTicks > _lastTicks)
            {
                _longestGap[slot] = Math.Max(_longestGap[slot], nowTicks - _lastTicks);
            }

            _lastTicks = Math.Max(_lastTicks, nowTicks);
        }
    }

    /// <summary>The hour up to <paramref name="nowTicks"/>, oldest minute first. A minute after the last beat shows the
    /// silence as it stood at that minute's end (or now), so a dying link is seen growing before the verdict; a gap
    /// that has ended shows at the minute of the beat that ended it.</summary>
    public IReadOnlyList<BeatMinute> Hour(long nowTicks)
    {
        {
            var current = nowTicks / TimeSpan.TicksPerMinute;
            var result = new BeatMinute[Minutes];
            for (var i = 0; i < Minutes; i++)
            {
                var minute = current - Minutes + 1 + i;
                var slot = (int)(minute % Minutes);
                var start = new DateTimeOffset(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
                var end = Math.Min(nowTicks, (minute + 1) * TimeSpan.TicksPerMinute);
                var known = _minute[slot] == minute;
                var beats = known ? _beats[slot] : 0;
                var gap = known ? _longestGap[slot] : 0;
                // The silence still running counts for the minutes since the last beat, as it stood at each one's end.
                if (_lastTicks > 0 && _lastTicks < end)
                {
                    gap = Math.Max(gap, end - _lastTicks);
                }

                result[i] = new BeatMinute(start, beats, TimeSpan.FromTicks(gap));
            }

            return result;
        }
    }
}

/// <summary>One minute of a channel: the beats that came and the longest silence in it.</summary>
public sealed record BeatMinute(DateTimeOffset Start, int Beats, TimeSpan LongestGap);
