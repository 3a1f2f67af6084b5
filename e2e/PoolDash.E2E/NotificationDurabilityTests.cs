using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.E2E;

/// <summary>
/// PoolDash is killed with SIGKILL while a receiver holds its message unanswered (it has acted on it, as a pager
/// would): after the restart on the same SQLite file the message is sent again under the same idempotency key, so the
/// receiver drops the repeat; nothing owed is lost, nothing is taken twice.
/// </summary>
public class NotificationDurabilityTests
{
    private const string PoolId = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0001";
    private const string Xcp02 = "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0012";
    private const string Secret = "a-shared-secret-of-some-length";

    [Fact]
    public async Task A_message_in_flight_at_a_SIGKILL_is_sent_again_after_the_restart_under_the_same_key()
    {
        using var receiver = new WebhookReceiver(Secret) { Hold = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        var data = Directory.CreateTempSubdirectory("pooldash-notify-crash-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["PoolDash__DataDirectory"] = data,
            ["PoolDash__Demo__Enabled"] = "false",
            ["PoolDash__Notifications__GroupWaitSeconds"] = "0",
        };

        var first = await PoolDashServer.StartAsync(settings);
        using (var client = await first.ClientAsync())
        {
            var description = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(PoolDashServer.RepositoryRoot(), "docs", "pool-description.example.json")))!;
            description["livenessTimeoutSeconds"] = 2;
            using var created = await client.PostAsJsonAsync("/api/v1/pools", description);
            created.EnsureSuccessStatusCode();
            var tokens = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").EnumerateArray()
                .ToDictionary(t => t.GetProperty("hostId").GetString()!, t => t.GetProperty("token").GetString()!);
            using (var channel = await client.PostAsJsonAsync("/api/v1/notifications/channels",
                new { kind = "webhook", name = "pager", url = receiver.Url, secret = Secret, minSeverity = "dead" }))
            {
                channel.EnsureSuccessStatusCode();
            }

            using var stop = new CancellationTokenSource();
            var heartbeats = CrashDurabilityTests.HeartbeatAsync(client, tokens.Where(t => t.Key != Xcp02), stop.Token);

            // xcp-02 dies; its message reaches the receiver, which acts on it and has not answered yet.
            await receiver.UntilReceivedAsync(r => r.Count == 1);
            await first.KillAsync();
            await first.DisposeAsync();
            receiver.Hold!.SetResult();
            await stop.CancelAsync();
            await heartbeats;
        }

        var before = Assert.Single(receiver.Requests);
        Assert.True(before.Taken);
        Assert.Equal(("dead", "xcp-02"), (before.Body.GetProperty("severity").GetString(), before.Body.GetProperty("host").GetString()));

        receiver.Hold = null;
        await using var second = await PoolDashServer.StartAsync(settings);
        var all = await receiver.UntilReceivedAsync(r => r.Count(x => x.Key == before.Key) == 2);
        var again = all.Where(r => r.Key == before.Key).ToList();
        Assert.All(again, r => Assert.True(r.SignedRight));
        Assert.Equal(before.Raw, again[1].Raw);
        Assert.False(again[1].Taken);
        Assert.Single(receiver.Taken, m => m.GetProperty("host").GetString() == "xcp-02" && m.GetProperty("state").GetString() == "triggered");

        using var restarted = await second.ClientAsync();
        var deliveries = await restarted.GetFromJsonAsync<JsonElement>("/api/v1/notifications/deliveries");
        var xcp02 = deliveries.EnumerateArray().Single(d => d.GetProperty("idempotencyKey").GetString() == before.Key);
        // The attempt cut short by the kill is not known to the store: the one after the restart is its first.
        Assert.Equal(("delivered", 1), (xcp02.GetProperty("status").GetString(), xcp02.GetProperty("attempts").GetInt32()));
        Directory.Delete(data, recursive: true);
    }
}
