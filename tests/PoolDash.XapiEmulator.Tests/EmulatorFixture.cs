using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.XapiEmulator.Tests;

/// <summary>
/// The emulator started for real on loopback, serving the repository's example pool: its master at
/// <c>{prefix}.2</c>, members at <c>.3</c> and <c>.4</c>, on a port the OS gave. Each fixture has a prefix of its own so
/// that test classes running at once never share an address.
/// </summary>
public class EmulatorFixture : IAsyncLifetime, IAsyncDisposable
{
    private static int _nextPrefix = Random.Shared.Next(20, 200);
    private WebApplication? _app;

    public string Prefix { get; } = $"127.0.{Interlocked.Increment(ref _nextPrefix)}";

    public int Port { get; } = Ports.Free();

    public string Master => $"http://{Prefix}.2:{Port}";

    public string Member => $"http://{Prefix}.3:{Port}";

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        var pool = Path.Combine(Repository.Root(), "docs", "pool-description.example.json");
        var options = EmulatorOptions.Parse(["--pool", pool, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind-prefix", Prefix, .. MoreOptions]);
        _app = EmulatorHost.Build(options, JsonNode.Parse(await File.ReadAllTextAsync(pool))!, TimeProvider.System);
        await _app.StartAsync();
    }

    /// <summary>Command-line options beyond the pool, port and prefix.</summary>
    protected virtual IEnumerable<string> MoreOptions => [];

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>One JSON-RPC exchange: the raw answer, its status and content type.</summary>
    public async Task<(HttpStatusCode Status, string? ContentType, string Body)> PostAsync(string url, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await Http.PostAsync(new Uri(url), content);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> CallAsync(string method, params object[] args)
    {
        var (_, _, body) = await PostAsync($"{Master}/jsonrpc", JsonSerializer.Serialize(new { jsonrpc = "2.0", method, @params = args, id = 1 }));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<string> LoginAsync() => (await CallAsync("session.login_with_password", "root", "")).GetProperty("result").GetString()!;

    /// <summary>One JSON-RPC call at the address of any host (<paramref name="url"/> without a path).</summary>
    public async Task<JsonElement> CallAtAsync(string url, string method, params object[] args)
    {
        var (_, _, body) = await PostAsync($"{url}/jsonrpc", JsonSerializer.Serialize(new { jsonrpc = "2.0", method, @params = args, id = 1 }));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task DrillAsync(string hostUuid, string drill)
    {
        using var response = await Http.PostAsync(new Uri($"{Master}/drills/hosts/{hostUuid}/{drill}"), null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async Task<string> TokenAsync(string session) =>
        (await CallAsync("event.from", session, new[] { "host_metrics" }, "", 0.0)).GetProperty("result").GetProperty("token").GetString()!;

    public async Task<bool> IsLiveAsync(string session, string hostUuid)
    {
        var host = (await CallAsync("host.get_by_uuid", session, hostUuid)).GetProperty("result").GetString()!;
        var metrics = (await CallAsync("host.get_metrics", session, host)).GetProperty("result").GetString()!;
        return (await CallAsync("host_metrics.get_live", session, metrics)).GetProperty("result").GetBoolean();
    }

    /// <summary>Until the master reports the host's <c>live</c> as wanted (at once if it already does).</summary>
    public async Task WaitForLiveAsync(string session, string hostUuid, bool live)
    {
        var token = await TokenAsync(session);
        if (await IsLiveAsync(session, hostUuid) != live)
        {
            await WaitForLiveAsync(session, token, hostUuid, live);
        }
    }

    /// <summary>Follows host_metrics events from <paramref name="token"/>, as a client would, until the host's
    /// liveness is the one expected.</summary>
    public async Task WaitForLiveAsync(string session, string token, string hostUuid, bool live)
    {
        var host = (await CallAsync("host.get_by_uuid", session, hostUuid)).GetProperty("result").GetString()!;
        var metrics = (await CallAsync("host.get_metrics", session, host)).GetProperty("result").GetString()!;
        for (var batches = 0; batches < 20; batches++)
        {
            var batch = (await CallAsync("event.from", session, new[] { "host_metrics" }, token, 10.0)).GetProperty("result");
            token = batch.GetProperty("token").GetString()!;
            if (batch.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("ref").GetString() == metrics
                && e.GetProperty("snapshot").GetProperty("live").GetBoolean() == live))
            {
                return;
            }
        }

        Assert.Fail($"host {hostUuid} never became live={live}");
    }

    /// <summary>Logs in at <paramref name="url"/> once its xapi answers as master, waiting on its restart (each try is
    /// a connection the restarting host drops or a HOST_IS_SLAVE until then; none of them sleeps).</summary>
    public async Task<string> WaitForLoginAsync(string url)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            patience.Token.ThrowIfCancellationRequested();
            try
            {
                var answer = await CallAtAsync(url, "session.login_with_password", "root", "");
                if (answer.TryGetProperty("result", out var session))
                {
                    return session.GetString()!;
                }
            }
            catch (HttpRequestException)
            {
                // Restarting: the connection is refused or dropped.
            }
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
