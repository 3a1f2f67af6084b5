using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Persistence;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Tests.Audit;

/// <summary>The audit trail: every attempt and PoolDash's own verdicts are entries, chained so that an edited or
/// deleted row is found.</summary>
public sealed class AuditTrailTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.ClientAsync(Role.PoolAdmin);
        await TestPools.CreateAsync(_client);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Attempts_and_verdicts_are_recorded_and_the_chain_holds()
    {
        var recovery = _factory.Services.GetRequiredService<RecoveryService>();
        var refused = await recovery.RequestAsync(TestPools.PoolId, new ForgetHost(TestPools.A), null, new Operator("alice", Role.PoolAdmin), "api", CancellationToken.None);
        Assert.Equal(OperationStatus.Refused, refused.Status);

        // A stays silent for the pool's 600 s: the monitor's verdict is PoolDash's own entry.
        TestPools.KillA(_factory);
        var entries = await WaitForAsync(e => e.Operation == "host-declared-dead");
        var performed = await recovery.RequestAsync(TestPools.PoolId, new ResetVmPowerState(TestPools.Web), new OperationConfirmation("web", null, true), new Operator("alice", Role.PoolAdmin), "web", CancellationToken.None);
        Assert.Equal(OperationStatus.Performed, performed.Status);
        entries = await AuditAsync();

        Assert.Equal("pooldash-start", entries[0].Operation);
        Assert.Contains(entries, e => e is { Actor: "alice", Operation: "host-forget", Outcome: "refused" } && e.Detail.StartsWith("HOST_IS_LIVE", StringComparison.Ordinal));
        Assert.Contains(entries, e => e is { Actor: "system", Outcome: "event" } && e.ObjectId == TestPools.A && e.Operation == "host-declared-dead");
        Assert.Contains(entries, e => e is { Actor: "alice", Origin: "web", Operation: "vm-reset-powerstate", Outcome: "performed" } && e.ObjectId == TestPools.Web);
        var verification = await VerifyAsync();
        Assert.True(verification.Intact, verification.Message);
        Assert.Equal(entries.Count, verification.Entries);
    }

    [Fact]
    public async Task A_row_edited_in_the_database_is_named_by_the_verification()
    {
        await MakeEntriesAsync();

        await ExecuteSqlAsync("UPDATE Audit SET Actor = 'mallory' WHERE Id = 3");

        var verification = await VerifyAsync();
        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBrokenId);
    }

    [Fact]
    public async Task A_row_deleted_from_the_database_breaks_the_chain_at_the_next_entry()
    {
        await MakeEntriesAsync();

        await ExecuteSqlAsync("DELETE FROM Audit WHERE Id = 2");

        var verification = await VerifyAsync();
        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBrokenId);
    }

    [Fact]
    public async Task The_trail_exports_as_CSV_filtered_by_actor()
    {
        await MakeEntriesAsync();

        var csv = await _client.GetStringAsync(new Uri("/api/v1/audit/csv?actor=bob", UriKind.Relative));

        var lines = csv.TrimEnd().Split('\n');
        Assert.StartsWith("id,at,actor,origin,poolId,objectId,operation,outcome,detail,hash", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], l => Assert.Contains(",\"bob\",", l, StringComparison.Ordinal));
    }

    private async Task MakeEntriesAsync()
    {
        var recovery = _factory.Services.GetRequiredService<RecoveryService>();
        await recovery.RequestAsync(TestPools.PoolId, new ForgetHost(TestPools.A), null, new Operator("bob", Role.PoolAdmin), "api", CancellationToken.None);
        await recovery.RequestAsync(TestPools.PoolId, new DeclareHostDead(TestPools.B), null, new Operator("bob", Role.PoolAdmin), "api", CancellationToken.None);
        await recovery.RequestAsync(TestPools.PoolId, new ShutdownVm(TestPools.Web), null, new Operator("carol", Role.PoolAdmin), "web", CancellationToken.None);
        Assert.True((await VerifyAsync()).Intact);
        Assert.True((await AuditAsync()).Count >= 4);
    }

    private async Task<AuditVerification> VerifyAsync() =>
        (await _client.GetFromJsonAsync<AuditVerification>(new Uri("/api/v1/audit/verify", UriKind.Relative), TestPools.Json))!;

    private async Task<List<AuditRecord>> AuditAsync() =>
        (await _client.GetFromJsonAsync<List<AuditRecord>>(new Uri("/api/v1/audit", UriKind.Relative), TestPools.Json))!;

    /// <summary>The persister writes PoolDash's own entries after the event: wait for one, on the data, not a timer.</summary>
    private async Task<List<AuditRecord>> WaitForAsync(Func<AuditRecord, bool> entry)
    {
        await TestSupport.Await.AuditAsync(_factory.Services.GetRequiredService<PoolStore>(), entry);
        return await AuditAsync();
    }

    private async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_factory.DataDirectory, "pooldash.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
