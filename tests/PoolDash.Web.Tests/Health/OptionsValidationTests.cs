using Microsoft.Extensions.Options;

namespace PoolDash.Web.Tests.Health;

/// <summary>A bad option stops start-up with a message that names it; nothing starts half-configured.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("PoolDash:Approvals:ExpiryMinutes", "0", "ExpiryMinutes")]
    [InlineData("PoolDash:Approvals:ExpiryMinutes", "-5", "ExpiryMinutes")]
    [InlineData("PoolDash:DataDirectory", "", "DataDirectory")]
    [InlineData("PoolDash:Demo:LivenessTimeoutSeconds", "0", "LivenessTimeoutSeconds")]
    [InlineData("PoolDash:Demo:LivenessTimeoutSeconds", "10", "must be at least 15 s (three probe rounds")]
    public void A_bad_option_stops_start_up_naming_it(string key, string value, string named)
    {
        using var factory = new PoolDashFactory { Settings = new Dictionary<string, string?> { [key] = value } };

        var refused = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }
}
