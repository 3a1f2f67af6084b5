using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;
using PoolDash.Domain.Vms;
using PoolDash.Web.Auth;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Pools;
using PoolDash.Web.Recovery;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.Web.Tests.Recovery;

/// <summary>
/// The liveness sweep runs on its own thread and can change the pool in the middle of a request. Wherever it lands,
/// a dangerous step without its typed confirmation (and under the two-person rule) never runs.
/// </summary>
public sealed class GateRaceTests : IDisposable
{
    private readonly InterleavingClock _clock = new();
    private readonly PoolDashFactory _factory;

    public GateRaceTests() => _factory = new PoolDashFactory { Time = _clock };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_host_that_dies_at_any_point_of_a_request_is_not_declared_dead_past_the_gates()
    {
        using var client = await _factory.ClientAsync("alice", Role.PoolAdmin);
        await TestPools.CreateAsync(client);
        var pool = _factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!;
        var monitor = _factory.Services.GetRequiredService<LivenessMonitor>();
        var recovery = _factory.Services.GetRequiredService<RecoveryService>();
        var alice = new Operator("alice", Role.PoolAdmin);

        var points = 0;
        for (var read = 1; ; read++)
        {
            Assert.Equal(Liveness.Alive, Host(pool, TestPools.A).Liveness);
            // A goes silent for the whole timeout while M and B report: the monitor's verdict lands at this read.
            _clock.AtRead(read, () =>
            {
                _clock.Advance(TimeSpan.FromSeconds(600));
                pool.RecordHeartbeat(TestPools.M);
                pool.RecordHeartbeat(TestPools.B);
                monitor.SweepAll();
            });

            // No typed confirmation: whatever the pool's state, this must not run.
            var outcome = await recovery.RequestAsync(TestPools.PoolId, new DeclareHostDead(TestPools.A), null, alice, "api", CancellationToken.None);

            var ran = _clock.Ran;
            _clock.Disarm();
            Assert.Equal(OperationStatus.Refused, outcome.Status);
            Assert.Equal(PowerState.Running, pool.Snapshot().Vms.Single(v => v.Id == TestPools.Web).PowerState);
            if (!ran)
            {
                break;
            }

            points++;
            pool.RecordHeartbeat(TestPools.A);
        }

        Assert.True(points >= 3, $"the request read the clock only {points} times");
    }

    private static HostView Host(Pool pool, Guid id) => pool.Snapshot().Hosts.Single(h => h.Id == id);
}
