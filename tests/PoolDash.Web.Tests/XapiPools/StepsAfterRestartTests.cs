using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Persistence;
using PoolDash.Web.Tests.TestSupport;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>
/// PoolDash stopped after a step was sent and before the pool showed it: nothing is sent again after the restart; the
/// pool's state decides — performed when it shows the effect, "not seen — check the pool" when it does not.
/// </summary>
public sealed class StepsAfterRestartTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "Xapi-Secret-8";
    private static readonly Guid LabPool = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0001");
    private static readonly Guid Web = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0302");
    private static readonly Guid Db = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0301");
    private readonly string _data = Directory.CreateTempSubdirectory("pooldash-steps-restart-").FullName;
    private EmulatorProcess _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorProcess.StartAsync(Path.Combine(Repository.Root(), "docs", "pool-description.example.json"), "--password", Secret);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Steps_left_sent_are_decided_by_the_pools_state_after_a_restart_and_never_sent_again()
    {
        var settings = new Dictionary<string, string?> { ["PoolDash:Xapi:AllowPlainHttp"] = "true" };
        DateTimeOffset stoppedAt;
        using (var first = new PoolDashFactory { DataDirectory = _data, Settings = settings })
        {
            using var admin = await first.ClientAsync("alice", Role.PoolAdmin);
            using var connected = await admin.PostAsJsonAsync(new Uri("/api/v1/pools/connect", UriKind.Relative),
                new { masterAddress = _emulator.Master.ToString(), userName = "root", password = Secret });
            connected.EnsureSuccessStatusCode();
            stoppedAt = first.Time.GetUtcNow();
        }

        // What a stop between the call and its effect leaves: two steps stored as sent. The pool carried out the first
        // (web shut down); the second (db shut down) never reached it.
        using (var http = new HttpClient())
        {
            var xapi = new XapiClient(http, _emulator.Master);
            var session = await xapi.LoginAsync("root", Secret, CancellationToken.None);
            var web = (await xapi.CallAsync("VM.get_by_uuid", [session, Web.ToString()], CancellationToken.None)).GetString();
            await xapi.CallAsync("VM.clean_shutdown", [session, web], CancellationToken.None);
        }

        await using (var db = new PoolDashDb(new DbContextOptionsBuilder<PoolDashDb>().UseSqlite($"Data Source={Path.Combine(_data, "pooldash.db")}").Options))
        {
            db.XapiSteps.AddRange(Sent(Web, stoppedAt), Sent(Db, stoppedAt));
            await db.SaveChangesAsync();
        }

        using var second = new PoolDashFactory { DataDirectory = _data, Settings = settings, Time = new(stoppedAt + TimeSpan.FromMinutes(1)) };
        using var restarted = await second.ClientAsync("alice", Role.PoolAdmin);
        var steps = second.Services.GetRequiredService<XapiSteps>();
        var decided = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(Guid pool)
        {
            // The web step done and gone; the db step decided "not seen" and kept until the pool shows it.
            if (steps.Open(LabPool) is [{ Status: XapiStepRecord.NotSeen, FromBeforeRestart: false } left] && left.Command == new ShutdownVm(Db))
            {
                decided.TrySetResult();
            }
        }

        steps.Changed += OnChanged;
        OnChanged(LabPool);
        await decided.Task.WaitAsync(TimeSpan.FromSeconds(30));
        steps.Changed -= OnChanged;

        var audit = await restarted.GetStringAsync(new Uri($"/api/v1/audit?poolId={LabPool}", UriKind.Relative));
        Assert.Contains($"XAPI VM.clean_shutdown(web {Web}): the pool shows it (sent at", audit, StringComparison.Ordinal);
        Assert.Contains("XAPI_STEP_NOT_SEEN", audit, StringComparison.Ordinal);
        Assert.Contains("sent by alice before PoolDash stopped", audit, StringComparison.Ordinal);
        // The db step was not sent again: db still runs on the pool.
        using var check = new HttpClient();
        var client = new XapiClient(check, _emulator.Master);
        var login = await client.LoginAsync("root", Secret, CancellationToken.None);
        var dbRef = (await client.CallAsync("VM.get_by_uuid", [login, Db.ToString()], CancellationToken.None)).GetString();
        Assert.Equal("Running", (await client.CallAsync("VM.get_power_state", [login, dbRef], CancellationToken.None)).GetString());
        // After checking the pool, an operator says the db step did not happen: PoolDash stops waiting for it.
        var open = Assert.Single((await restarted.GetFromJsonAsync<List<StepView>>(new Uri($"/api/v1/pools/{LabPool}/steps", UriKind.Relative), TestPools.Json))!);
        Assert.Equal((Operations.VmShutdown, Db, XapiStepRecord.NotSeen), (open.Operation, open.TargetId, open.Status));
        using (var visitor = await second.ClientAsync("rita", Role.ReadOnly))
        using (var refused = await visitor.PostAsJsonAsync(new Uri($"/api/v1/pools/{LabPool}/steps/{open.Id}/dismiss", UriKind.Relative), new { note = "x" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var dismissed = await restarted.PostAsJsonAsync(new Uri($"/api/v1/pools/{LabPool}/steps/{open.Id}/dismiss", UriKind.Relative),
            new { note = "xe vm-list shows db running" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, dismissed.StatusCode);
        }

        Assert.Empty((await restarted.GetFromJsonAsync<List<StepView>>(new Uri($"/api/v1/pools/{LabPool}/steps", UriKind.Relative), TestPools.Json))!);
        Assert.Contains("checked on the pool, it did not happen — xe vm-list shows db running",
            await restarted.GetStringAsync(new Uri($"/api/v1/audit?poolId={LabPool}", UriKind.Relative)), StringComparison.Ordinal);

        // A repeat of the step the pool showed is answered with who did it.
        using var again = await restarted.PostAsJsonAsync(new Uri($"/api/v1/pools/{LabPool}/operations", UriKind.Relative), new { operation = "vm-shutdown", vmId = Web });
        var answer = await again.Content.ReadAsStringAsync();
        Assert.Contains("\"outcome\":\"already-done\"", answer, StringComparison.Ordinal);
        Assert.Contains("\"by\":\"alice\"", answer, StringComparison.Ordinal);
    }

    private static XapiStepRecord Sent(Guid vm, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        PoolId = LabPool,
        Operation = Operations.VmShutdown,
        VmId = vm,
        Actor = "alice",
        Origin = "api",
        Call = $"VM.clean_shutdown({(vm == Web ? "web" : "db")} {vm})",
        SentAt = at,
        Status = XapiStepRecord.Sent,
    };
}
