namespace PoolDash.Domain.Heartbeats;

/// <summary>
/// Phi-accrual suspicion (Hayashibara et al.) over a host's recent heartbeat intervals, with the logistic
/// approximation of the normal CDF that Akka and Cassandra use. See docs/decisions/0002-suspect-threshold.md.
/// </summary>
public static class PhiAccrual
{
    /// <summary>Suspect at phi ≥ 8: about one false suspicion in 10^8 intervals of a steady host.</summary>
    public const double Threshold = 8.0;

    /// <summary>How many intervals a host must have shown before it can be suspected.</summary>
    public const int MinimumSamples = 3;

    /// <summary>The spread is never taken as less than this share of the mean interval, so a perfectly regular
    /// host is not suspected for a heartbeat that is a few milliseconds late.</summary>
    public const double MinimumRelativeDeviation = 0.25;

    /// <summary>Nor less than this, so sub-second heartbeats do not make the estimate twitch.</summary>
    public static readonly TimeSpan MinimumDeviation = TimeSpan.FromMilliseconds(500);

    /// <summary>The number of (effective) standard deviations past the mean at which phi reaches the threshold.</summary>
    public static readonly double ThresholdDeviations = SolveDeviations(Threshold);

    /// <summary>Phi for a silence of <paramref name="elapsed"/> given intervals of this mean and deviation.</summary>
    public static double Phi(double elapsed, double mean, double deviation)
    {
        var y = (elapsed - mean) / deviation;
        var exponent = -y * (1.5976 + (0.070566 * y * y));
        if (elapsed > mean)
        {
            // -log10(e / (1 + e)) with e = exp(exponent), in log space: after a long silence e underflows to 0 and
            // the direct form gives +Infinity, which no JSON can carry.
            return (-exponent / Math.Log(10)) + Math.Log10(1.0 + Math.Exp(exponent));
        }

        var e = Math.Exp(exponent);
        return -Math.Log10(1.0 - (1.0 / (1.0 + e)));
    }

    /// <summary>The effective deviation: the measured one, floored so a steady host is not suspected on jitter.</summary>
    public static double EffectiveDeviation(double mean, double measuredDeviation) =>
        Math.Max(measuredDeviation, Math.Max(mean * MinimumRelativeDeviation, MinimumDeviation.Ticks));

    private static double SolveDeviations(double threshold)
    {
        // Phi is monotonic in y for y > 0, so bisection finds where it crosses the threshold.
        double low = 0, high = 50;
        for (var i = 0; i < 100; i++)
        {
            var mid = (low + high) / 2;
            if (Phi(mid, 0, 1) < threshold)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high;
    }
}
