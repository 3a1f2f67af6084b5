using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Storage;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>
/// The mirror against the pool itself: random sequences of changes made on the pool by another client (VMs started,
/// shut down, reset; hosts crashed, brought back, declared dead, forgotten) — after each, PoolDash's copy comes to equal
/// what the pool's own records say, with nothing asked of it but following <c>event.from</c>.
/// </summary>
public sealed class MirrorTests : ConnectedPoolTestBase
{
    private static readonly Guid[] Vms =
    [
        Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0301"), Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0302"),
        Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0303"),
    ];

    private static readonly Guid[] Hosts = [Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0011"), Xcp02, Xcp03];

    protected override string[] EmulatorOptions => ["--password", Secret, "--dead-interval", "1"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task After_random_changes_on_the_pool_the_mirror_equals_the_pools_own_records(int seed)
    {
        await ConnectAsync();
        var random = new Random(seed);
        using var http = new HttpClient();
        var pool = new XapiClient(http, Emulator.Master);
        var session = await pool.LoginAsync("root", Secret, CancellationToken.None);
        var done = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var vm = Vms[random.Next(Vms.Length)];
            var member = Hosts[1 + random.Next(Hosts.Length - 1)];
            var step = random.Next(7) switch
            {
                0 => ("VM.start_on", (object[])[new Ref("VM", vm), new Ref("host", Hosts[random.Next(Hosts.Length)]), false, false]),
                1 => ("VM.clean_shutdown", [new Ref("VM", vm)]),
                2 => ("VM.power_state_reset", [new Ref("VM", vm)]),
                3 => ("host.declare_dead", [new Ref("host", member)]),
                4 => ("host.destroy", [new Ref("host", member)]),
                5 => ("drill crash", [member]),
                _ => ("drill bring-back", [member]),
            };
            done.Add($"{step.Item1}({string.Join(", ", step.Item2)})");
            await ApplyAsync(pool, session, step.Item1, step.Item2);
            await WaitUntilMirroredAsync(pool, session, $"seed {seed}, after: {string.Join("; ", done)}");
        }
    }

    [Fact]
    public async Task When_the_pool_ends_PoolDashs_session_PoolDash_logs_in_again_and_keeps_following()
    {
        await ConnectAsync();
        using var http = new HttpClient();
        using (var expired = await http.PostAsync(new Uri(Emulator.Master, "/drills/sessions/expire"), null))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, expired.StatusCode);
        }

        var pool = new XapiClient(http, Emulator.Master);
        var session = await pool.LoginAsync("root", Secret, CancellationToken.None);
        await ApplyAsync(pool, session, "VM.clean_shutdown", [new Ref("VM", Vms[0])]);

        // The follower's long poll ends with SESSION_INVALID; it logs in again at once and reads the change.
        await WaitUntilMirroredAsync(pool, session, "after the sessions expired");
        Assert.Equal("Halted", (await Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/pools/{LabPool}")).GetProperty("vms").EnumerateArray()
            .Single(v => v.GetProperty("id").GetGuid() == Vms[0]).GetProperty("powerState").GetString());
    }

    private sealed record Ref(string Class, Guid Uuid)
    {
        public override string ToString() => $"{Class} {Uuid.ToString()[^4..]}";
    }

    private async Task ApplyAsync(XapiClient pool, string session, string method, object[] args)
    {
        if (method.StartsWith("drill ", StringComparison.Ordinal))
        {
            using var http = new HttpClient();
            // Bringing back a host that runs is refused (409): a step that changes nothing, like a refused call.
            using var _ = await http.PostAsync(new Uri(Emulator.Master, $"/drills/hosts/{args[0]}/{method[6..]}"), null);
            return;
        }

        var resolved = new List<object?> { session };
        foreach (var arg in args)
        {
            if (arg is Ref r)
            {
                try
                {
                    resolved.Add((await pool.CallAsync($"{r.Class}.get_by_uuid", [session, r.Uuid.ToString()], CancellationToken.None)).GetString());
                }
                catch (XapiException)
                {
                    return; // Forgotten meanwhile: nothing to call.
                }
            }
            else
            {
                resolved.Add(arg);
            }
        }

        try
        {
            await pool.CallAsync(method, resolved, CancellationToken.None);
        }
        catch (XapiException)
        {
            // Refused by the pool: its state is unchanged, and the mirror must still equal it.
        }
    }

    /// <summary>Until PoolDash's copy has the pool's own VMs, locks, hosts, master and HA (compared at each read of the
    /// pool; 30 s at most).</summary>
    private async Task WaitUntilMirroredAsync(XapiClient pool, string session, string context)
    {
        var read = await XapiPoolReader.ReadAsync(pool, session, CancellationToken.None);
        var mirror = Factory.Services.GetRequiredService<PoolDash.Web.Pools.PoolRegistry>().Find(LabPool)!;
        var followers = Factory.Services.GetRequiredService<XapiFollowers>();
        // A forgotten host's local SR stays in XAPI's records; PoolDash lets it go with the host (DOMAIN.md).
        string Mirrored() => Comparable(mirror.Describe(), null);
        string Truth() => Comparable(read, mirror.Describe().Vdis.Select(v => v.Id).ToHashSet());
        var same = await followers.WaitUntilAsync(LabPool, () => Mirrored() == Truth(), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(same, $"{context}\npool:   {Truth()}\nmirror: {Mirrored()}");
        Assert.Subset(read.Vdis.Select(v => v.Id).ToHashSet(), mirror.Describe().Vdis.Select(v => v.Id).ToHashSet());
    }

    private static string Comparable(PoolDescription d, HashSet<Guid>? vdis) => string.Join(" | ",
    [
        $"master {d.MasterId}",
        $"ha {d.HaEnabled}",
        $"hosts {string.Join(",", d.Hosts.Select(h => h.Id).Order())}",
        .. d.Vms.Where(v => !v.IsControlDomain).OrderBy(v => v.Id).Select(v => $"{v.Name} {v.PowerState} {v.ResidentOn}"),
        .. d.Vdis.Where(v => vdis is null || vdis.Contains(v.Id)).OrderBy(v => v.Id).Select(v =>
            $"{v.Name} [{string.Join(",", v.AttachKeys.OrderBy(k => k.Key).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key}={k.Value}")))}] {v.PausedBy is not null} {v.ActivatingBy is not null}"),
    ]);
}
