using Microsoft.Extensions.Options;

namespace PoolDash.Web.Demo;

/// <summary>The demo's rules across fields: its simulated hosts beat often enough that a healthy host never dies
/// between two beats (at least three beats per timeout, as XenServer's own heartbeat does).</summary>
internal sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var failures = new List<string>();
        if (options.HeartbeatIntervalSeconds * 3 > options.LivenessTimeoutSeconds)
        {
            failures.Add($"PoolDash:Demo:HeartbeatIntervalSeconds ({options.HeartbeatIntervalSeconds}) must be at most a third of "
                + $"PoolDash:Demo:LivenessTimeoutSeconds ({options.LivenessTimeoutSeconds}), or healthy demo hosts are declared dead.");
        }

        if (options.HeartbeatIntervalSeconds * 3 > options.HaTimeoutSeconds)
        {
            failures.Add($"PoolDash:Demo:HeartbeatIntervalSeconds ({options.HeartbeatIntervalSeconds}) must be at most a third of "
                + $"PoolDash:Demo:HaTimeoutSeconds ({options.HaTimeoutSeconds}), or HA fences healthy demo hosts.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
