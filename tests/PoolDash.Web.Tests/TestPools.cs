using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;
using PoolDash.Web.Monitoring;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests;

/// <summary>A small pool for API tests: master M, members A and B, a shared SR, one VM running on A.</summary>
internal static class TestPools
{
    public static readonly Guid PoolId = Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001");
    public static readonly Guid M = Guid.Parse("10000000-0000-4000-8000-00000000000a");
    public static readonly Guid A = Guid.Parse("20000000-0000-4000-8000-00000000000a");
    public static readonly Guid B = Guid.Parse("30000000-0000-4000-8000-00000000000b");
    public static readonly Guid Nfs = Guid.Parse("50000000-0000-4000-8000-000000000001");
    public static readonly Guid WebDisk = Guid.Parse("60000000-0000-4000-8000-000000000001");
    public static readonly Guid Web = Guid.Parse("70000000-0000-4000-8000-000000000001");

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static PoolDescription Description() => new()
    {
        Id = PoolId,
        Name = "api-pool",
        Hosts =
        [
            new HostDescription { Id = M, Name = "xs-m", Address = "192.0.2.1", MemoryMiB = 65536, Role = HostRole.Master },
            new HostDescription { Id = A, Name = "xs-a", Address = "192.0.2.2", MemoryMiB = 32768 },
            new HostDescription { Id = B, Name = "xs-b", Address = "192.0.2.3", MemoryMiB = 32768 },
        ],
        Srs = [new SrDescription { Id = Nfs, Name = "nfs", Shared = true }],
        Vdis = [new VdiDescription { Id = WebDisk, Name = "web-disk", SrId = Nfs }],
        Vms =
        [
            new VmDescription
            {
                Id = Web, Name = "web", MemoryMiB = 4096, PowerState = PowerState.Running, ResidentOn = A,
                Disks = [new Vbd(WebDisk, AttachMode.RW)],
            },
        ],
    };

    /// <summary>Creates the pool through the API and answers the host tokens by host id.</summary>
    public static async Task<Dictionary<Guid, string>> CreateAsync(HttpClient client, PoolDescription? description = null)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/pools", UriKind.Relative), description ?? Description(), Json);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedPoolResponse>(Json);
        return created!.Tokens.ToDictionary(t => t.HostId, t => t.Token);
    }

    /// <summary>One heartbeat through the public API, with the host's own token; it must be accepted.</summary>
    public static async Task HeartbeatAsync(HttpClient client, string token, Guid hostId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats")
        {
            Content = JsonContent.Create(new { hostId }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A falls silent for the pool's 600 s while M and B report; the monitor's verdict makes it Dead.</summary>
    public static void KillA(PoolDashFactory factory)
    {
        var pool = factory.Services.GetRequiredService<PoolRegistry>().Find(PoolId)!;
        factory.Time.Advance(TimeSpan.FromSeconds(599));
        pool.RecordHeartbeat(M);
        pool.RecordHeartbeat(B);
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        factory.Services.GetRequiredService<LivenessMonitor>().SweepAll();
    }

    public static Task<string> StateAsync(HttpClient client, Guid? poolId = null) =>
        client.GetStringAsync(new Uri($"/api/v1/pools/{poolId ?? PoolId}", UriKind.Relative));
}
