using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace PoolDash.E2E;

/// <summary>
/// The real app in its own process on a free loopback port, started from the Web project's build output, so the
/// browser talks to Kestrel exactly as an operator's would.
/// </summary>
public sealed partial class PoolDashServer : IAsyncDisposable
{
    private readonly Process _process;

    private PoolDashServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The first Pool Admin's password, given as an unattended install would.</summary>
    public const string AdminPassword = "E2e-Admin-Password-1";

    /// <summary>An API client signed in through <c>POST /api/v1/auth/login</c>, carrying the bearer token.</summary>
    public async Task<HttpClient> ClientAsync(string userName = "admin", string password = AdminPassword)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <param name="port">0: any free port; a fixed one lets a restarted server be found by the pages of the first.</param>
    public static async Task<PoolDashServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, int port = 0)
    {
        var web = Path.Combine(RepositoryRoot(), "src", "PoolDash.Web");
        var dll = Path.Combine(web, "bin", BuildConfiguration, "net10.0", "PoolDash.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the solution first: the server is started from its output.", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--environment", "Development" })
        {
            start.ArgumentList.Add(arg);
        }

        // Its own SQLite file, so a run starts from the embedded defaults and leaves a developer's data alone.
        start.Environment["PoolDash__DataDirectory"] = Directory.CreateTempSubdirectory("pooldash-e2e-").FullName;
        start.Environment["PoolDash__Bootstrap__AdminPassword"] = AdminPassword;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The server exited:\n" + string.Join('\n', output)));
                return;
            }

            output.Enqueue(e.Data);
            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new PoolDashServer(process, address);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no last flush, as when the machine loses power.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The checkout this test run was built from (where PoolDash.sln is).</summary>
    public static string RepositoryRoot() => PoolDash.Web.Tests.TestSupport.Repository.Root();

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
