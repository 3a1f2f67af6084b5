using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Events;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Vms;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Pools;
using PoolDash.Web.Realtime;
using PoolDash.Web.Recovery;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.Web.Tests.Recovery;

/// <summary>
/// An operator's connection drops while their step is being stored (a flaky VPN): whatever point of the write the
/// caller goes away at, the step is stored and audited, its events and every later event of the pool are pushed,
/// and a restart finds the same state and an intact chain.
/// </summary>
public sealed class DroppedCallerTests : IDisposable
{
    private static readonly Uri Export = new($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative);
    private readonly string _data = Directory.CreateTempSubdirectory("pooldash-dropped-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_caller_gone_at_any_point_of_a_step_holds_back_nothing()
    {
        var dropper = new CallerDropper();
        string stateBefore;
        DateTimeOffset stoppedAt;
        var performed = 0;
        using (var factory = new PoolDashFactory { DataDirectory = _data, TestServices = s => StoreInterceptor.Install(s, dropper, _data) })
        {
            using var client = await factory.ClientAsync("alice", Role.PoolAdmin);
            await TestPools.CreateAsync(client);
            var recovery = factory.Services.GetRequiredService<RecoveryService>();
            var pool = factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!;
            using var pushed = factory.Services.GetRequiredService<PoolEventStream>().Subscribe();
            var alice = new Operator("alice", Role.PoolAdmin);

            // Every point of the write in turn, until a step's write has fewer SQL commands than the drop point.
            for (var at = 1; ; at++)
            {
                using var caller = new CancellationTokenSource();
                dropper.DropAt(at, caller);
                try
                {
                    await recovery.RequestAsync(TestPools.PoolId, Toggle(pool), null, alice, "api", caller.Token);
                }
                catch (OperationCanceledException)
                {
                    // The caller is gone; what the pool did is the question.
                }

                var dropped = dropper.Dropped;
                dropper.Disarm();
                performed++;
                if (!dropped)
                {
                    break;
                }
            }

            Assert.True(performed > 3, $"the write had {performed - 1} SQL commands to drop at");

            // An ordinary step afterwards is pushed at once.
            var next = Toggle(pool);
            var outcome = await recovery.RequestAsync(TestPools.PoolId, next, null, alice, "api", CancellationToken.None);
            Assert.Equal(OperationStatus.Performed, outcome.Status);
            performed++;
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var steps = 0;
            while (steps < performed)
            {
                var e = await pushed.Reader.ReadAsync(patience.Token);
                steps += e is OperationPerformed { Operation: Operations.VmStart or Operations.VmShutdown } ? 1 : 0;
            }

            var audit = await client.GetFromJsonAsync<List<AuditRecord>>(new Uri($"/api/v1/audit?objectId={TestPools.Web}", UriKind.Relative), TestPools.Json);
            Assert.Equal(performed, audit!.Count(e => e.Outcome == AuditOutcomes.Performed));
            stateBefore = await client.GetStringAsync(Export);
            stoppedAt = factory.Time.GetUtcNow();
        }

        using var restarted = new PoolDashFactory { DataDirectory = _data, Time = new(stoppedAt + TimeSpan.FromMinutes(1)) };
        using var reader = await restarted.ClientAsync("alice", Role.PoolAdmin);
        Assert.Equal(stateBefore, await reader.GetStringAsync(Export));
        var verification = await reader.GetFromJsonAsync<AuditVerification>(new Uri("/api/v1/audit/verify", UriKind.Relative), TestPools.Json);
        Assert.True(verification!.Intact, verification.Message);
        var after = await reader.GetFromJsonAsync<List<AuditRecord>>(new Uri($"/api/v1/audit?objectId={TestPools.Web}", UriKind.Relative), TestPools.Json);
        Assert.Equal(performed, after!.Count(e => e.Outcome == AuditOutcomes.Performed));
    }

    [Fact]
    public async Task A_step_whose_write_fails_is_still_pushed_and_is_audited_once_the_store_works_again()
    {
        var failure = new AuditWriteFailure();
        using var factory = new PoolDashFactory { DataDirectory = _data, TestServices = s => StoreInterceptor.Install(s, failure, _data) };
        using var client = await factory.ClientAsync("alice", Role.PoolAdmin);
        await TestPools.CreateAsync(client);
        var pool = factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!;
        using var pushed = factory.Services.GetRequiredService<PoolEventStream>().Subscribe();
        failure.Armed = true;

        var outcome = await factory.Services.GetRequiredService<RecoveryService>()
            .RequestAsync(TestPools.PoolId, new ShutdownVm(TestPools.Web), null, new Operator("alice", Role.PoolAdmin), "api", CancellationToken.None);

        Assert.Equal(OperationStatus.Performed, outcome.Status);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await pushed.Reader.ReadAsync(patience.Token) is not OperationPerformed { Operation: Operations.VmShutdown })
        {
        }

        failure.Armed = false;
        var store = factory.Services.GetRequiredService<PoolDash.Web.Persistence.PoolStore>();
        await store.WriteUnwrittenAsync(CancellationToken.None);
        var audit = await store.ReadAuditAsync(CancellationToken.None);
        Assert.Single(audit, e => e is { Actor: "alice", Operation: Operations.VmShutdown, Outcome: AuditOutcomes.Performed });
        Assert.True(AuditChain.Verify(audit).Intact);
        Assert.Equal(PowerState.Halted, pool.Snapshot().Vms.Single(v => v.Id == TestPools.Web).PowerState);
    }

    private static PoolCommand Toggle(Domain.Pools.Pool pool) =>
        pool.Snapshot().Vms.Single(v => v.Id == TestPools.Web).PowerState == PowerState.Running
            ? new ShutdownVm(TestPools.Web)
            : new StartVm(TestPools.Web, TestPools.A);
}
