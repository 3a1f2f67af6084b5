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
public class EmulatorFixture : IAsyncLifetime
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
}
