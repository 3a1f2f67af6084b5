using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>
/// A real HTTP server on loopback that receives PoolDash's webhook messages as a careful receiver would: it checks
/// <c>X-PoolDash-Signature</c> against the shared secret, if it has one (a bad signature is answered 401 and not
/// taken; a chat service's receiver has none), takes each
/// idempotency key once (a repeat is answered 200 and dropped), and can be told to fail.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpListener _listener = new();
    private readonly byte[]? _secret;
    private readonly List<Received> _requests = [];
    private readonly HashSet<string> _keys = [];
    private readonly Task _serving;
    private event Action? Arrived;

    public WebhookReceiver(string? secret, string address = "127.0.0.1")
    {
        _secret = secret is null ? null : Encoding.UTF8.GetBytes(secret);
        Url = $"http://{address}:{Ports.Free()}/hooks/pooldash/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>How many of the next requests are answered 500 (before they are looked at).</summary>
    public int FailNext { get; set; }

    /// <summary>While set, a request is taken (its key kept, as a receiver that acts on arrival would) but not answered
    /// until this completes: the sender may die waiting.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Every request, failed and repeated ones too, in order.</summary>
    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The messages taken: signed right, answered 200, first of their key.</summary>
    public IReadOnlyList<JsonElement> Taken => [.. Requests.Where(r => r.Taken).Select(r => r.Body)];

    /// <summary>Until the messages taken satisfy <paramref name="done"/>; answers them.</summary>
    public async Task<IReadOnlyList<JsonElement>> UntilAsync(Func<IReadOnlyList<JsonElement>, bool> done)
    {
        await UntilReceivedAsync(requests => done([.. requests.Where(r => r.Taken).Select(r => r.Body)]));
        return Taken;
    }

    /// <summary>Until every request received (repeats and refusals too) satisfies <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<Received>> UntilReceivedAsync(Func<IReadOnlyList<Received>, bool> done)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnArrived()
        {
            if (done(Requests))
            {
                arrived.TrySetResult();
            }
        }

        Arrived += OnArrived;
        try
        {
            if (!done(Requests))
            {
                await arrived.Task.WaitAsync(Patience);
            }

            return Requests;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The receiver did not get what was awaited in {Patience.TotalSeconds} s; it got: {string.Join(" | ", Requests.Select(r => $"{r.Status} {r.Raw}"))}");
        }
        finally
        {
            Arrived -= OnArrived;
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var raw = body.ToArray();
            var key = context.Request.Headers["X-PoolDash-Idempotency-Key"] ?? "";
            var signature = context.Request.Headers["X-PoolDash-Signature"] ?? "";
            var expected = _secret is null ? "" : "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, raw));
            int status;
            bool taken;
            lock (_requests)
            {
                if (FailNext > 0)
                {
                    FailNext--;
                    (status, taken) = (500, false);
                }
                else if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected)))
                {
                    (status, taken) = (401, false);
                }
                else
                {
                    (status, taken) = (200, _keys.Add(key));
                }

                _requests.Add(new Received(key, signature == expected, status, taken, Encoding.UTF8.GetString(raw),
                    JsonDocument.Parse(raw).RootElement.Clone()));
            }

            Arrived?.Invoke();
            if (Hold is { } hold)
            {
                await hold.Task;
            }

            try
            {
                context.Response.StatusCode = status;
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
            {
                // The sender is gone (killed while waiting): nobody to answer.
            }
        }
    }

    internal sealed record Received(string Key, bool SignedRight, int Status, bool Taken, string Raw, JsonElement Body);
}
