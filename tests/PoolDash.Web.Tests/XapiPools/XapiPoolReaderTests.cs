using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;
using PoolDash.Web.Tests.TestSupport;
using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>PoolDash's XAPI client against the emulator (a real process on loopback): what it reads of a pool is the
/// pool described, and a description the domain accepts.</summary>
public sealed class XapiPoolReaderTests : IAsyncLifetime, IDisposable
{
    private static readonly string Example = Path.Combine(Repository.Root(), "docs", "pool-description.example.json");
    private readonly HttpClient _http = new();
    private EmulatorProcess _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorProcess.StartAsync(Example);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task The_pool_read_through_XAPI_is_the_pool_described_and_the_domain_accepts_it()
    {
        var client = new XapiClient(_http, _emulator.Master);
        var session = await client.LoginAsync("root", "", CancellationToken.None);

        var read = await XapiPoolReader.ReadAsync(client, session, CancellationToken.None);

        Assert.Equal((Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0001"), "lab-pool"), (read.Id, read.Name));
        var xcp02 = Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0012");
        Assert.Equal(Guid.Parse("6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0011"), read.MasterId);
        Assert.Equal(["xcp-02", "xcp-03", "xcp-master"], read.Hosts.Select(h => h.Name).Order());
        Assert.Equal(131072, read.Hosts.Single(h => h.Id == xcp02).MemoryMiB);
        Assert.Equal(xcp02, read.Srs.Single(s => !s.Shared).OwnerHostId);
        Assert.Equal(AttachMode.RW, read.Vdis.Single(v => v.Name == "db disk 0").AttachKeys[xcp02]);
        Assert.Equal(AttachMode.RO, read.Vdis.Single(v => v.Name == "tools ISO").AttachKeys[xcp02]);
        var db = read.Vms.Single(v => v.Name == "db");
        Assert.Equal((PowerState.Running, xcp02, HaRestartPriority.Restart, 2), (db.PowerState, db.ResidentOn, db.HaPriority, db.Disks.Count));
        Assert.Equal((PowerState.Halted, (Guid?)null), (read.Vms.Single(v => v.Name == "spare").PowerState, read.Vms.Single(v => v.Name == "spare").ResidentOn));
        Assert.Equal(3, read.Vms.Count(v => v.IsControlDomain));

        var created = Pool.Create(read, TimeProvider.System);
        Assert.True(created.Succeeded, string.Join("; ", created.Problems));
    }

    [Fact]
    public async Task A_members_address_answers_HOST_IS_SLAVE_naming_the_master()
    {
        var member = new XapiClient(_http, _emulator.Member);

        var refusal = await Assert.ThrowsAsync<XapiException>(() => member.LoginAsync("root", "", CancellationToken.None));

        Assert.Equal(("HOST_IS_SLAVE", $"{_emulator.Prefix}.2"), (refusal.Code, Assert.Single(refusal.Parameters)));
    }

    [Fact]
    public async Task Wrong_credentials_and_a_stale_session_are_XAPIs_own_refusals()
    {
        var client = new XapiClient(_http, _emulator.Master);

        var denied = await Assert.ThrowsAsync<XapiException>(() => client.LoginAsync("root", "wrong", CancellationToken.None));
        var stale = await Assert.ThrowsAsync<XapiException>(() => client.AllRecordsAsync("OpaqueRef:gone", "VM", CancellationToken.None));

        Assert.Equal("SESSION_AUTHENTICATION_FAILED", denied.Code);
        Assert.Equal(("SESSION_INVALID", "OpaqueRef:gone"), (stale.Code, Assert.Single(stale.Parameters)));
    }
}
