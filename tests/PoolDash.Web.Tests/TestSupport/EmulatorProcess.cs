using System.Diagnostics;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>The XAPI emulator in a process of its own on loopback (its master at <c>{prefix}.2</c>), serving a pool
/// description; ready when it says where its master is.</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private static int _nextPrefix = Random.Shared.Next(20, 200);
    private readonly Process _process;

    private EmulatorProcess(Process process, string prefix, int port)
    {
        _process = process;
        Prefix = prefix;
        Port = port;
    }

    public string Prefix { get; }

    public int Port { get; }

    public Uri Master => new($"http://{Prefix}.2:{Port}");

    public Uri Member => new($"http://{Prefix}.3:{Port}");

    public static async Task<EmulatorProcess> StartAsync(string poolFile, params string[] moreOptions)
    {
        var prefix = $"127.1.{Interlocked.Increment(ref _nextPrefix) % 250}";
        var port = Ports.Free();
        var dll = Path.Combine(Repository.Root(), "tools", "PoolDash.XapiEmulator", "bin",
            // The same configuration as this test build (…/bin/<configuration>/net10.0/).
            new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "PoolDash.XapiEmulator.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--pool", poolFile, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind-prefix", prefix }.Concat(moreOptions))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"The emulator ({dll}) exited before it was ready: {string.Join('\n', errors)}"));
            }
            else if (e.Data.StartsWith("PoolDash XAPI emulator:", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new EmulatorProcess(process, prefix, port);
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
}
