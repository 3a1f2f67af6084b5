using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;
using PoolDash.Web.Monitoring;

namespace PoolDash.Web.Tests.Realtime;

/// <summary>A .NET SignalR client subscribes to a pool and sees liveness change with the next sequence numbers.</summary>
public sealed class PoolHubTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private readonly Channel<JsonElement> _liveness = Channel.CreateUnbounded<JsonElement>();
    private HttpClient _client = null!;
    private HubConnection _hub = null!;
    private Dictionary<Guid, string> _tokens = [];

    public async Task InitializeAsync()
    {
        _client = await _factory.ClientAsync(Role.PoolAdmin);
        // Following a pool needs a sign-in, and no more than Read Only.
        var token = await _factory.TokenAsync(TestUsers.NameOf(Role.ReadOnly), Role.ReadOnly);
        _tokens = await TestPools.CreateAsync(_client);
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, "hubs/pool"), o =>
            {
                o.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()))
            .Build();
        _hub.On<JsonElement>("HostLivenessChanged", e => _liveness.Writer.TryWrite(e));
        await _hub.StartAsync();
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_silent_host_declared_dead_on_the_fake_clock_and_revived_by_its_heartbeat_is_pushed_in_sequence()
    {
        var snapshot = await _hub.InvokeAsync<PoolSnapshot>("Subscribe", TestPools.PoolId);
        Assert.Equal(TestPools.PoolId, snapshot.Id);

        // M and A report just before the deadline; B stays silent for the pool's whole 600 s.
        _factory.Time.Advance(TimeSpan.FromSeconds(599));
        await TestPools.HeartbeatAsync(_client, _tokens[TestPools.M], TestPools.M);
        await TestPools.HeartbeatAsync(_client, _tokens[TestPools.A], TestPools.A);
        await AdvanceUntilSweptAsync(TimeSpan.FromSeconds(1));

        var dead = await NextAsync();
        Assert.Equal((TestPools.B, "Dead", snapshot.Sequence + 1), Fields(dead));

        await TestPools.HeartbeatAsync(_client, _tokens[TestPools.B], TestPools.B);

        var alive = await NextAsync();
        Assert.Equal((TestPools.B, "Alive", snapshot.Sequence + 2), Fields(alive));
        Assert.Equal(TestPools.PoolId, alive.GetProperty("poolId").GetGuid());
        Assert.Equal(_factory.Time.GetUtcNow(), alive.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_pool_is_refused_with_UUID_INVALID()
    {
        var error = await Assert.ThrowsAsync<HubException>(() => _hub.InvokeAsync<PoolSnapshot>("Subscribe", Guid.NewGuid()));

        Assert.Contains("UUID_INVALID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_unsubscribing_no_more_events_arrive()
    {
        await _hub.InvokeAsync<PoolSnapshot>("Subscribe", TestPools.PoolId);
        await _hub.InvokeAsync("Unsubscribe", TestPools.PoolId);

        await AdvanceUntilSweptAsync(TimeSpan.FromSeconds(600));
        // A second subscriber that did not unsubscribe proves the events were sent.
        var snapshot = await TestPools.StateAsync(_client);
        Assert.Contains("\"Dead\"", snapshot, StringComparison.Ordinal);
        await _hub.InvokeAsync<PoolSnapshot>("Subscribe", TestPools.PoolId);
        await TestPools.HeartbeatAsync(_client, _tokens[TestPools.A], TestPools.A);

        var first = await NextAsync();
        Assert.Equal("Alive", first.GetProperty("liveness").GetString());
    }

    private static (Guid, string?, long) Fields(JsonElement e) =>
        (e.GetProperty("hostId").GetGuid(), e.GetProperty("liveness").GetString(), e.GetProperty("sequence").GetInt64());

    private async Task<JsonElement> NextAsync() =>
        await _liveness.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Moves the fake clock and waits (on the monitor's progress, not a timer) until it has swept at the new time.</summary>
    private async Task AdvanceUntilSweptAsync(TimeSpan by)
    {
        var monitor = _factory.Services.GetRequiredService<LivenessMonitor>();
        _factory.Time.Advance(by);
        var target = _factory.Time.GetUtcNow();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (monitor.LastSweptAt < target)
        {
            await Task.Delay(5, timeout.Token);
            timeout.Token.ThrowIfCancellationRequested();
        }
    }
}
