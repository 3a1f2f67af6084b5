using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Heartbeats;
using PoolDash.Web.Pools;
using PoolDash.Web.Tests.TestSupport;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>
/// The probe of a host's own XAPI counts any failure as silence and goes on: a host whose xapi starts an answer and
/// breaks off in its body (a reset connection, a timeout mid-body) must not end the pool's probe rounds.
/// </summary>
public sealed class ProbeTests : IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private readonly HttpListener _brokenXapi = new();
    private readonly int _port = Ports.Free();

    public ProbeTests()
    {
        _brokenXapi.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _brokenXapi.Start();
        _ = Task.Run(async () =>
        {
            while (_brokenXapi.IsListening)
            {
                try
                {
                    var context = await _brokenXapi.GetContextAsync();
                    // Headers promising a body, a few bytes of it, then the connection cut.
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = 4096;
                    await context.Response.OutputStream.WriteAsync("{\"jsonrpc\":\"2.0\","u8.ToArray());
                    await context.Response.OutputStream.FlushAsync();
                    context.Response.Abort();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
    }

    public void Dispose()
    {
        _brokenXapi.Close();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_probe_answer_broken_off_mid_body_is_silence_and_the_next_round_still_runs()
    {
        using var admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        await TestPools.CreateAsync(admin);
        var pool = _factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!;
        var description = pool.Describe() with
        {
            Hosts = [.. pool.Describe().Hosts.Select(h => h with { Address = "127.0.0.1" })],
        };
        var rounds = new SemaphoreSlim(0);
        var period = TimeSpan.FromSeconds(5);
        using var follower = new XapiFollower(new XapiConnectionRecord { PoolId = TestPools.PoolId, MasterAddress = $"http://127.0.0.1:{_port}" }, "",
            period, pool, _factory.Services.GetRequiredService<HeartbeatIngestion>(), _factory.Time, NullLogger.Instance, _ => rounds.Release(), description);
        using var stop = new CancellationTokenSource();
        var running = follower.RunAsync(stop.Token);

        await UntilProbedAsync(follower, rounds, _factory.Time.GetUtcNow());
        Assert.Empty(follower.Status.HostsAnsweringProbe!);

        // The next period: a round still runs.
        _factory.Time.Advance(period);
        await UntilProbedAsync(follower, rounds, _factory.Time.GetUtcNow());
        Assert.Empty(follower.Status.HostsAnsweringProbe!);

        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting to read the master again.
        }
    }

    private static async Task UntilProbedAsync(XapiFollower follower, SemaphoreSlim changes, DateTimeOffset at)
    {
        while (!(follower.Status.LastProbedAt >= at))
        {
            Assert.True(await changes.WaitAsync(TimeSpan.FromSeconds(10)), $"no probe round began at {at:O} or later; last began at {follower.Status.LastProbedAt:O}");
        }
    }
}
