using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>
/// A real SMTP server in a process of its own on loopback: Debian's python3-aiosmtpd (installed by <c>.ci/run</c>),
/// driven by <c>smtp_server.py</c>; authentication required; each message it takes arrives here as it is taken.
/// </summary>
internal sealed class SmtpServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _messages = new();
    private event Action? Arrived;

    private SmtpServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public const string Host = "127.0.0.1";
    public const string User = "pooldash";
    public const string Password = "Smtp-Password-7";

    public int Port { get; }

    public IReadOnlyList<JsonElement> Messages => [.. _messages];

    public static async Task<SmtpServerProcess> StartAsync()
    {
        var port = Ports.Free();
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "TestSupport", "smtp_server.py"), Host, port.ToString(System.Globalization.CultureInfo.InvariantCulture), User, Password })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var server = new SmtpServerProcess(process, port);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<string>();
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
                ready.TrySetException(new InvalidOperationException($"The SMTP server exited: {string.Join('\n', errors)} (is python3-aiosmtpd installed?)"));
            }
            else if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
            else
            {
                server._messages.Enqueue(JsonDocument.Parse(e.Data).RootElement.Clone());
                server.Arrived?.Invoke();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(Patience);
        return server;
    }

    /// <summary>Until <paramref name="count"/> messages were taken; answers them.</summary>
    public async Task<IReadOnlyList<JsonElement>> UntilAsync(int count)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnArrived()
        {
            if (_messages.Count >= count)
            {
                arrived.TrySetResult();
            }
        }

        Arrived += OnArrived;
        try
        {
            if (_messages.Count < count)
            {
                await arrived.Task.WaitAsync(Patience);
            }

            return Messages;
        }
        finally
        {
            Arrived -= OnArrived;
        }
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
