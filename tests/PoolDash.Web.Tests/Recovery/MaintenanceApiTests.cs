using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Incidents;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests.Recovery;

/// <summary>Maintenance windows through the API: a Pool Operator sets one with a reason and a time-zone-aware end; the
/// host's silence then gives no verdict and no incident; it is listed, audited, and ends early.</summary>
public sealed class MaintenanceApiTests : IAsyncLifetime, IDisposable
{
    private static readonly Uri Maintenance = new($"/api/v1/pools/{TestPools.PoolId}/maintenance", UriKind.Relative);
    private readonly PoolDashFactory _factory = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        await TestPools.CreateAsync(_admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_window_silences_a_host_without_a_verdict_or_an_incident_and_ends_early_on_request()
    {
        using var carol = await _factory.ClientAsync("carol", Role.PoolOperator);
        // The end as an operator in Paris would type it: its offset is kept.
        var until = _factory.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(1)).AddHours(2);
        using var created = await carol.PostAsJsonAsync(Maintenance, new { hostId = TestPools.A, reason = "BIOS update", until });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var window = (await created.Content.ReadFromJsonAsync<MaintenanceWindow>(TestPools.Json))!;
        Assert.Equal(("BIOS update", "carol", until), (window.Reason, window.Owner, window.EndsAt));

        TestPools.KillA(_factory);

        var host = Pool().Snapshot().Hosts.Single(h => h.Id == TestPools.A);
        Assert.Equal(Liveness.Alive, host.Liveness);
        Assert.Equal(until, host.InMaintenanceUntil);
        Assert.Empty(_factory.Services.GetRequiredService<IncidentBook>().List(TestPools.PoolId, null));
        Assert.Single((await _admin.GetFromJsonAsync<List<MaintenanceWindow>>(Maintenance, TestPools.Json))!);
        var summary = await _admin.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/pools", UriKind.Relative));
        Assert.Equal(1, summary[0].GetProperty("inMaintenance").GetInt32());

        using (var visitor = await _factory.ClientAsync("rita", Role.ReadOnly))
        using (var refused = await visitor.DeleteAsync(new Uri($"{Maintenance}/{window.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var ended = await carol.DeleteAsync(new Uri($"{Maintenance}/{window.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }

        Assert.Empty((await _admin.GetFromJsonAsync<List<MaintenanceWindow>>(Maintenance, TestPools.Json))!);
        // A fresh full timeout from the early end: alive 599 s on, dead at 600 s.
        var monitor = _factory.Services.GetRequiredService<LivenessMonitor>();
        _factory.Time.Advance(TimeSpan.FromSeconds(599));
        monitor.SweepAll();
        Assert.NotEqual(Liveness.Dead, Pool().Snapshot().Hosts.Single(h => h.Id == TestPools.A).Liveness);
        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        monitor.SweepAll();
        Assert.Equal(Liveness.Dead, Pool().Snapshot().Hosts.Single(h => h.Id == TestPools.A).Liveness);

        var audit = await _admin.GetStringAsync(new Uri($"/api/v1/audit?poolId={TestPools.PoolId}", UriKind.Relative));
        Assert.Contains("maintenance-start on " + TestPools.A, audit, StringComparison.Ordinal);
        Assert.Contains("BIOS update", audit, StringComparison.Ordinal);
        Assert.Contains("\"operation\":\"maintenance-end\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_without_an_end_or_for_ever_is_refused_with_what_to_give()
    {
        using var missing = await _admin.PostAsJsonAsync(Maintenance, new { hostId = TestPools.A, reason = "x" });
        using var forever = await _admin.PostAsJsonAsync(Maintenance, new { hostId = TestPools.A, reason = "x", until = _factory.Time.GetUtcNow().AddYears(1) });

        foreach (var response in new[] { missing, forever })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("INVALID_VALUE", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.Empty(Pool().Snapshot().Maintenance);
    }

    private Domain.Pools.Pool Pool() => _factory.Services.GetRequiredService<PoolRegistry>().Find(TestPools.PoolId)!;
}
