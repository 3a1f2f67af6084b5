using Microsoft.Extensions.Options;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Demo;

/// <summary>The demo's rules across fields: PoolDash probes the emulated hosts every few seconds, so a timeout must
/// leave room for at least three probe rounds, or healthy demo hosts are declared dead between two.</summary>
internal sealed class DemoOptionsValidator(IOptions<XapiOptions> xapi) : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var least = 3 * xapi.Value.ProbeIntervalSeconds;
        var failures = new List<string>();
        if (options.LivenessTimeoutSeconds < least)
        {
            failures.Add($"PoolDash:Demo:LivenessTimeoutSeconds ({options.LivenessTimeoutSeconds}) must be at least {least} s (three probe rounds of PoolDash:Xapi:ProbeIntervalSeconds), or healthy demo hosts are declared dead.");
        }

        if (options.HaTimeoutSeconds < least)
        {
            failures.Add($"PoolDash:Demo:HaTimeoutSeconds ({options.HaTimeoutSeconds}) must be at least {least} s (three probe rounds of PoolDash:Xapi:ProbeIntervalSeconds), or HA fences healthy demo hosts.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
