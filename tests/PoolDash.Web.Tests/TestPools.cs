using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;
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

    public static Task<string> StateAsync(HttpClient client, Guid? poolId = null) =>
        client.GetStringAsync(new Uri($"/api/v1/pools/{poolId ?? PoolId}", UriKind.Relative));
}
