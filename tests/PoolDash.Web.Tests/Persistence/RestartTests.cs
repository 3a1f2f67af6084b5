using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests.Persistence;

/// <summary>PoolDash stops and starts again on the same SQLite file: the pool is as it was, tokens still work, and
/// nobody is declared dead before a whole timeout has passed since the restart.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("pooldash-restart-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task State_survives_a_restart_and_no_host_dies_before_a_full_timeout()
    {
        Dictionary<Guid, string> tokens;
        string exportBefore;
        DateTimeOffset lastBeatOfA;
        DateTimeOffset stoppedAt;
        using (var first = new PoolDashFactory { DataDirectory = _data })
        {
            using var client = await first.ClientAsync(Role.PoolAdmin);
            tokens = await TestPools.CreateAsync(client);
            first.Time.Advance(TimeSpan.FromSeconds(300));
            await TestPools.HeartbeatAsync(client, tokens[TestPools.M], TestPools.M);
            await TestPools.HeartbeatAsync(client, tokens[TestPools.A], TestPools.A);
            lastBeatOfA = first.Time.GetUtcNow();
            first.Time.Advance(TimeSpan.FromSeconds(300));
            first.Services.GetRequiredService<LivenessMonitor>().SweepAll();
            Assert.Equal(Liveness.Dead, Host(first, TestPools.B).Liveness);
            exportBefore = await client.GetStringAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative));
            stoppedAt = first.Time.GetUtcNow();
        }

        Assert.True(File.Exists(Path.Combine(_data, "pooldash.db")));
        using var second = new PoolDashFactory { DataDirectory = _data, Time = new(stoppedAt + TimeSpan.FromHours(1)) };
        using var restarted = await second.ClientAsync(Role.PoolAdmin);

        Assert.Equal(exportBefore, await restarted.GetStringAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/export", UriKind.Relative)));
        Assert.Equal(lastBeatOfA, Host(second, TestPools.A).LastHeartbeat);
        Assert.Equal(Liveness.Dead, Host(second, TestPools.B).Liveness);

        // An hour of silence before the restart does not count: M and A get a whole fresh timeout.
        var monitor = second.Services.GetRequiredService<LivenessMonitor>();
        second.Time.Advance(TimeSpan.FromSeconds(599));
        monitor.SweepAll();
        Assert.Equal(Liveness.Alive, Host(second, TestPools.M).Liveness);
        Assert.Equal(Liveness.Alive, Host(second, TestPools.A).Liveness);

        // The tokens issued before the restart still open their hosts (only their hashes were stored).
        await TestPools.HeartbeatAsync(restarted, tokens[TestPools.A], TestPools.A);
        second.Time.Advance(TimeSpan.FromSeconds(1));
        monitor.SweepAll();
        Assert.Equal(Liveness.Dead, Host(second, TestPools.M).Liveness);
        Assert.Equal(Liveness.Alive, Host(second, TestPools.A).Liveness);
    }

    [Fact]
    public async Task Only_token_hashes_are_stored()
    {
        Dictionary<Guid, string> tokens;
        using (var first = new PoolDashFactory { DataDirectory = _data })
        {
            using var client = await first.ClientAsync(Role.PoolAdmin);
            tokens = await TestPools.CreateAsync(client);
        }

        SqliteConnection.ClearAllPools();
        // Everything committed into the main file first, so that no checkpoint can move pages between the two reads
        // below (a token stored anywhere would be in the file just the same).
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "pooldash.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_data, "pooldash.db"));
        var wal = Path.Combine(_data, "pooldash.db-wal");
        var all = Encoding.UTF8.GetString(bytes) + (File.Exists(wal) ? Encoding.UTF8.GetString(await File.ReadAllBytesAsync(wal)) : "");
        Assert.Contains("xs-a", all, StringComparison.Ordinal);
        Assert.All(tokens.Values, t => Assert.DoesNotContain(t, all, StringComparison.Ordinal));
    }

    private static Domain.Snapshots.HostView Host(PoolDashFactory factory, Guid id) =>
        factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!.Snapshot().Hosts.Single(h => h.Id == id);
}
