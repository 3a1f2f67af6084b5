using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Web.Demo;

/// <summary>
/// The pool PoolDash serves on its embedded defaults: a master and seven members, a shared NFS SR and a local SR on
/// every host, forty VMs spread over the hosts. Its timeout is short (a demo setting, see <see cref="DemoOptions"/>)
/// so that a drill does not take ten minutes.
/// </summary>
internal static class DemoPool
{
    public const int HostCount = 8;
    public const int VmCount = 40;

    public static readonly Guid Id = Guid.Parse("d0000000-0000-4000-8000-000000000001");

    public static PoolDescription Description(TimeSpan livenessTimeout, TimeSpan? haTimeout = null)
    {
        var hosts = Enumerable.Range(0, HostCount).Select(i => new HostDescription
        {
            Id = IdOf(0x10, i),
            Name = $"xcp-{i + 1:00}",
            Address = $"192.0.2.{i + 11}",
            MemoryMiB = 256 * 1024,
            Role = i == 0 ? HostRole.Master : HostRole.Member,
        }).ToList();
        var shared = new SrDescription { Id = IdOf(0x20, 0), Name = "NFS storage", Shared = true };
        var locals = hosts.Select((h, i) => new SrDescription
        {
            Id = IdOf(0x21, i),
            Name = $"Local storage on {h.Name}",
            OwnerHostId = h.Id,
        }).ToList();

        var vdis = new List<VdiDescription>();
        var vms = new List<VmDescription>();
        for (var i = 0; i < VmCount; i++)
        {
            var host = hosts[i % HostCount];
            var onShared = i % 4 != 3;
            var disk = new VdiDescription
            {
                Id = IdOf(0x30, i),
                Name = $"vm-{i + 1:00} disk 0",
                SrId = onShared ? shared.Id : locals[i % HostCount].Id,
            };
            vdis.Add(disk);
            var running = i % 5 != 4;
            vms.Add(new VmDescription
            {
                Id = IdOf(0x40, i),
                Name = $"vm-{i + 1:00}",
                MemoryMiB = 4096 * (1 + (i % 4)),
                PowerState = running ? PowerState.Running : PowerState.Halted,
                ResidentOn = running ? host.Id : null,
                HaPriority = (i % 3) switch { 0 => HaRestartPriority.Restart, 1 => HaRestartPriority.BestEffort, _ => HaRestartPriority.None },
                Disks = [new Vbd(disk.Id, AttachMode.RW)],
            });
        }

        return new PoolDescription
        {
            Id = Id,
            Name = "Demo pool",
            LivenessTimeoutSeconds = livenessTimeout.TotalSeconds,
            HaTimeoutSeconds = (haTimeout ?? PoolDefaults.HaTimeout).TotalSeconds,
            DefaultSrId = shared.Id,
            Hosts = hosts,
            Srs = [shared, .. locals],
            Vdis = vdis,
            Vms = vms,
        };
    }

    private static Guid IdOf(int kind, int index) => Guid.Parse($"d0000000-0000-4000-80{kind:x2}-{index + 1:x12}");
}
