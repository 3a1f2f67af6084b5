namespace PoolDash.Web.Health;

/// <summary>
/// <c>PoolDash.Web healthcheck [url]</c>: asks a running PoolDash for /healthz and exits 0 when it is healthy.
/// The container's HEALTHCHECK uses it because the runtime image has no curl.
/// </summary>
internal static class HealthProbe
{
    public const string Verb = "healthcheck";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:8080/healthz";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"{url}: {(int)response.StatusCode}").ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"{url}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url}: no answer within 5 s").ConfigureAwait(false);
            return 1;
        }
    }
}
