using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Web.Tests.TestSupport;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>
/// On a connected pool with HA on, XAPI's own figure (<c>pool.ha_compute_hypothetical_max_host_failures_to_tolerate</c>
/// over the protected VMs) is read beside PoolDash's. The example pool with HA on and web (on xcp-02's local SR) made
/// protected: PoolDash says 0 (xcp-02's failure strands web, whose disk is on that host); the emulator's XAPI weighs
/// memory only and says 2 (db 16 GiB and web 4 GiB fit on either survivor). The two differ, which the page flags.
/// </summary>
public sealed class XapiHaFigureTests : ConnectedPoolTestBase
{
    [Fact]
    public async Task XAPIs_own_count_is_read_with_the_pool_and_stands_beside_PoolDashs()
    {
        var description = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "docs", "pool-description.example.json")))!;
        description["haEnabled"] = true;
        description["vms"]!.AsArray().Single(v => (string?)v!["name"] == "web")!["haPriority"] = "Restart";
        var file = Path.Combine(Directory.CreateTempSubdirectory("pooldash-ha-figure-").FullName, "pool.json");
        await File.WriteAllTextAsync(file, description.ToJsonString());
        await using var emulator = await EmulatorProcess.StartAsync(file, "--password", Secret);

        var asked = new TaskCompletionSource<XapiConnectionStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatusChanged(Guid pool)
        {
            if (Connections.StatusOf(pool) is { XapiHaTolerates: not null } status)
            {
                asked.TrySetResult(status);
            }
        }

        Connections.StatusChanged += OnStatusChanged;
        try
        {
            await ConnectAsync(emulator);
            var status = await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, status.XapiHaTolerates);
            Assert.NotNull(status.XapiHaAskedAt);
        }
        finally
        {
            Connections.StatusChanged -= OnStatusChanged;
        }

        var plan = Factory.Services.GetRequiredService<PoolDash.Web.Pools.PoolRegistry>().Find(LabPool)!.PlanHa();
        Assert.Equal(0, plan.FailuresTolerated);
        Assert.Equal(["web"], plan.NotRestartedIfWorstFails);

        // The wall shows both, XAPI's flagged as different.
        var wall = Assert.Single(Factory.Services.GetRequiredService<PoolDash.Web.Components.WallScreen.WallBoard>().Pools(), p => p.Id == LabPool);
        Assert.Equal((2L, 0), (wall.XapiHaTolerates, wall.HaFailuresTolerated));
    }
}
