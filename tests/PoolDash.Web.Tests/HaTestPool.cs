using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Web.Tests;

/// <summary>
/// A pool with HA on whose plan a step lowers, computed by hand: four 64 GiB hosts with a 16 GiB protected VM each
/// tolerate three failures (48 GiB onto the last host's 48 free); <see cref="VmNew"/>, 8 GiB, protected and halted,
/// started on <see cref="H0"/> leaves two (h0, h1 and h2 lost: 56 GiB for h3's 48 free).
/// </summary>
internal static class HaTestPool
{
    public static readonly Guid PoolId = Guid.Parse("aaaaaaaa-0000-4000-8000-00000000b001");
    public static readonly Guid H0 = HostId(0);
    public static readonly Guid VmNew = VmId(9);
    private static readonly Guid Nfs = Guid.Parse("5b000000-0000-4000-8000-000000000001");

    public static PoolDescription Description()
    {
        var hosts = Enumerable.Range(0, 4).Select(n => new HostDescription
        {
            Id = HostId(n),
            Name = $"h{n}",
            Address = $"192.0.2.{n + 1}",
            MemoryMiB = 64 * 1024,
            Role = n == 0 ? Domain.Pools.HostRole.Master : Domain.Pools.HostRole.Member,
        }).ToList();
        var vms = hosts.Select((h, n) => Vm(n, $"vm-{h.Name}", 16, h.Id)).Append(Vm(9, "vm-new", 8, null)).ToList();
        return new PoolDescription
        {
            Id = PoolId,
            Name = "ha-pool",
            HaEnabled = true,
            Hosts = hosts,
            Srs = [new SrDescription { Id = Nfs, Name = "nfs", Shared = true }],
            Vdis = [.. vms.Select(v => new VdiDescription { Id = v.Disks[0].VdiId, Name = $"{v.Name}-disk", SrId = Nfs })],
            Vms = vms,
        };
    }

    private static Guid HostId(int n) => Guid.Parse($"1b000000-0000-4000-8000-00000000000{n}");

    private static Guid VmId(int n) => Guid.Parse($"7b000000-0000-4000-8000-00000000000{n}");

    private static VmDescription Vm(int n, string name, int gib, Guid? on) => new()
    {
        Id = VmId(n),
        Name = name,
        MemoryMiB = gib * 1024L,
        PowerState = on is null ? PowerState.Halted : PowerState.Running,
        ResidentOn = on,
        HaPriority = HaRestartPriority.Restart,
        Disks = [new Vbd(Guid.Parse($"6b000000-0000-4000-8000-00000000000{n}"), AttachMode.RW)],
    };
}
