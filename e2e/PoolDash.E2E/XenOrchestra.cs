using System.Diagnostics;
using System.Text.Json;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.E2E;

/// <summary>
/// Xen Orchestra's own XAPI client (npm <c>xen-api</c>, tools/xapi-clients) reads the pool itself: what PoolDash says
/// it did is checked where it happened, by a client nobody here wrote.
/// </summary>
internal static class XenOrchestra
{
    /// <summary>The pool as XO reads it (tools/xapi-clients/xo-state.mjs): master, hosts, VMs, VDIs' attach keys.</summary>
    public static async Task<JsonElement> StateAsync(string url, string user, string password)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(Repository.Root(), "tools", "xapi-clients", "xo-state.mjs"), url, user, password })
        {
            start.ArgumentList.Add(arg);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(node.ExitCode == 0, $"xo-state.mjs exited {node.ExitCode}: {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
