using Microsoft.Extensions.Time.Testing;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests;

/// <summary>
/// A small pool like the guide's: master M and members A, B, C; a shared NFS SR (whose SR master is the pool
/// master) and a local SR on each host; VMs on A and B and one on the master. Ids sort M &lt; A &lt; B &lt; C, so
/// HA's lowest-UUID election after M picks A. Time is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class LabPool
{
    public static readonly Guid PoolId = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    public static readonly Guid M = Guid.Parse("10000000-0000-0000-0000-00000000000a");
    public static readonly Guid A = Guid.Parse("20000000-0000-0000-0000-00000000000a");
    public static readonly Guid B = Guid.Parse("30000000-0000-0000-0000-00000000000b");
    public static readonly Guid C = Guid.Parse("40000000-0000-0000-0000-00000000000c");
    public static readonly Guid Nfs = Guid.Parse("50000000-0000-0000-0000-000000000001");
    public static readonly Guid LocalM = Guid.Parse("5000000a-0000-0000-0000-000000000000");
    public static readonly Guid LocalA = Guid.Parse("5000000a-0000-0000-0000-00000000000a");
    public static readonly Guid LocalB = Guid.Parse("5000000b-0000-0000-0000-00000000000b");
    public static readonly Guid LocalC = Guid.Parse("5000000c-0000-0000-0000-00000000000c");
    public static readonly Guid Web1 = Guid.Parse("70000000-0000-0000-0000-000000000001");
    public static readonly Guid Db1 = Guid.Parse("70000000-0000-0000-0000-000000000002");
    public static readonly Guid Batch1 = Guid.Parse("70000000-0000-0000-0000-000000000003");
    public static readonly Guid App1 = Guid.Parse("70000000-0000-0000-0000-000000000004");
    public static readonly Guid Mon1 = Guid.Parse("70000000-0000-0000-0000-000000000005");
    public static readonly Guid Idle1 = Guid.Parse("70000000-0000-0000-0000-000000000006");
    public static readonly Guid Web1Disk = Guid.Parse("60000000-0000-0000-0000-000000000001");
    public static readonly Guid Db1Disk = Guid.Parse("60000000-0000-0000-0000-000000000002");
    public static readonly Guid Batch1Disk = Guid.Parse("60000000-0000-0000-0000-000000000003");
    public static readonly Guid App1Disk = Guid.Parse("60000000-0000-0000-0000-000000000004");
    public static readonly Guid Mon1Disk = Guid.Parse("60000000-0000-0000-0000-000000000005");
    public static readonly Guid Idle1Disk = Guid.Parse("60000000-0000-0000-0000-000000000006");
    public static readonly Guid ToolsIso = Guid.Parse("60000000-0000-0000-0000-000000000007");

    public const string Operator = "alice";

    public static readonly Guid[] Hosts = [M, A, B, C];

    public LabPool(Func<PoolDescription, PoolDescription>? adjust = null)
    {
        var creation = Pool.Create((adjust ?? (d => d))(Description()), Time);
        Assert.Empty(creation.Problems);
        Pool = creation.Pool!;
    }

    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    public Pool Pool { get; }

    public static PoolDescription Description() => new()
    {
        Id = PoolId,
        Name = "lab",
        DefaultSrId = Nfs,
        Hosts =
        [
            new HostDescription { Id = M, Name = "xs-m", Address = "10.0.0.1", MemoryMiB = 65536, Role = HostRole.Master },
            new HostDescription { Id = A, Name = "xs-a", Address = "10.0.0.2", MemoryMiB = 32768 },
            new HostDescription { Id = B, Name = "xs-b", Address = "10.0.0.3", MemoryMiB = 32768 },
            new HostDescription { Id = C, Name = "xs-c", Address = "10.0.0.4", MemoryMiB = 16384 },
        ],
        Srs =
        [
            new SrDescription { Id = Nfs, Name = "nfs", Shared = true },
            new SrDescription { Id = LocalM, Name = "local-m", OwnerHostId = M },
            new SrDescription { Id = LocalA, Name = "local-a", OwnerHostId = A },
            new SrDescription { Id = LocalB, Name = "local-b", OwnerHostId = B },
            new SrDescription { Id = LocalC, Name = "local-c", OwnerHostId = C },
        ],
        Vdis =
        [
            new VdiDescription { Id = Web1Disk, Name = "web1-disk", SrId = Nfs },
            new VdiDescription { Id = Db1Disk, Name = "db1-disk", SrId = Nfs },
            new VdiDescription { Id = Batch1Disk, Name = "batch1-disk", SrId = LocalA },
            new VdiDescription { Id = App1Disk, Name = "app1-disk", SrId = Nfs },
            new VdiDescription { Id = Mon1Disk, Name = "mon1-disk", SrId = Nfs },
            new VdiDescription { Id = Idle1Disk, Name = "idle1-disk", SrId = Nfs },
            new VdiDescription { Id = ToolsIso, Name = "tools-iso", SrId = Nfs },
        ],
        Vms =
        [
            Running(Web1, "web1", 4096, A, HaRestartPriority.Restart, new Vbd(Web1Disk, AttachMode.RW), new Vbd(ToolsIso, AttachMode.RO)),
            Running(Db1, "db1", 8192, A, HaRestartPriority.Restart, new Vbd(Db1Disk, AttachMode.RW)),
            Running(Batch1, "batch1", 2048, A, HaRestartPriority.None, new Vbd(Batch1Disk, AttachMode.RW)),
            Running(App1, "app1", 4096, B, HaRestartPriority.BestEffort, new Vbd(App1Disk, AttachMode.RW), new Vbd(ToolsIso, AttachMode.RO)),
            Running(Mon1, "mon1", 1024, M, HaRestartPriority.Restart, new Vbd(Mon1Disk, AttachMode.RW)),
            new VmDescription { Id = Idle1, Name = "idle1", MemoryMiB = 2048, Disks = [new Vbd(Idle1Disk, AttachMode.RW)] },
        ],
    };

    private static VmDescription Running(Guid id, string name, long memory, Guid host, HaRestartPriority priority, params Vbd[] disks) => new()
    {
        Id = id,
        Name = name,
        MemoryMiB = memory,
        PowerState = PowerState.Running,
        ResidentOn = host,
        HaPriority = priority,
        Disks = disks,
    };

    public PoolSnapshot Snapshot => Pool.Snapshot();

    public HostView Host(Guid id) => Snapshot.Hosts.Single(h => h.Id == id);

    public VmView Vm(Guid id) => Snapshot.Vms.Single(v => v.Id == id);

    public VdiView Vdi(Guid id) => Snapshot.Vdis.Single(v => v.Id == id);

    public CommandResult Run(PoolCommand command, string actor = Operator) => Pool.Execute(command, actor);

    public XapiError Refused(PoolCommand command)
    {
        var result = Run(command);
        Assert.Equal(CommandOutcome.Refused, result.Outcome);
        return result.Error!;
    }

    public CommandResult Performed(PoolCommand command, string actor = Operator)
    {
        var result = Run(command, actor);
        Assert.True(result.Outcome == CommandOutcome.Performed, $"{command} was {result.Outcome}: {result.Error}");
        return result;
    }

    /// <summary>Every host but <paramref name="silent"/> heartbeats every <paramref name="interval"/> (30 s, XAPI's
    /// default) while <paramref name="duration"/> passes; the liveness sweep runs after each step.</summary>
    public List<PoolEvent> Elapse(TimeSpan duration, TimeSpan? interval = null, params Guid[] silent)
    {
        var step = interval ?? TimeSpan.FromSeconds(30);
        var events = new List<PoolEvent>();
        var left = duration;
        while (left > TimeSpan.Zero)
        {
            var advance = left < step ? left : step;
            Time.Advance(advance);
            left -= advance;
            foreach (var host in Pool.Snapshot().Hosts.Where(h => !silent.Contains(h.Id)))
            {
                events.AddRange(Pool.RecordHeartbeat(host.Id).Events);
            }

            events.AddRange(Pool.Sweep().Events);
        }

        return events;
    }

    /// <summary>Only the clock moves; the sweep runs once at the end.</summary>
    public IReadOnlyList<PoolEvent> AdvanceSilently(TimeSpan duration)
    {
        Time.Advance(duration);
        return Pool.Sweep().Events;
    }

    /// <summary>Kills <paramref name="host"/>: everyone else keeps reporting until the pool's timeout has passed.</summary>
    public List<PoolEvent> Kill(Guid host) => Elapse(TimeSpan.FromSeconds(600), null, host);

    /// <summary>Someone vouches that <paramref name="host"/> is off: step 1 of the plan.</summary>
    public CommandResult Attest(Guid host, string actor = Operator) =>
        Performed(new AttestHostDown(host, "out-of-band console", "iDRAC shows it powered off", actor), actor);

    public static void AssertError(XapiError error, string name, params string[] parameters)
    {
        Assert.Equal(name, error.Name);
        if (parameters.Length > 0)
        {
            Assert.Equal(parameters, error.Params);
        }
    }
}
