using System.Text.Json;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// A pool as XAPI records it, read into PoolDash's pool description: the pool, its hosts (liveness from
/// <c>host_metrics.live</c>, memory from <c>memory_total</c>), SRs (a local SR's owner from its one PBD), VDIs with the
/// storage manager's lock keys (<c>sm_config</c> <c>host_&lt;ref&gt;</c>; <c>paused</c> and <c>activating</c>, held by the
/// SR master), and VMs (not templates or snapshots) with their disks from their VBDs. Ids are XAPI's uuids.
/// </summary>
public static class XapiPoolReader
{
    private const long MiB = 1024 * 1024;
    private const string NullRef = "OpaqueRef:NULL";
    private const string HostKeyPrefix = "host_";

    private static readonly string[] Classes = ["pool", "host", "host_metrics", "SR", "PBD", "VDI", "VM", "VBD"];

    public static async Task<PoolDescription> ReadAsync(XapiClient client, string session, CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>();
        foreach (var cls in Classes)
        {
            records[cls] = await client.AllRecordsAsync(session, cls, cancellationToken).ConfigureAwait(false);
        }

        return Describe(records);
    }

    /// <summary>The description of the records of <see cref="Classes"/>, by class then ref.</summary>
    public static PoolDescription Describe(IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> records)
    {
        var pool = records["pool"].Values.Single();
        var hosts = records["host"];
        var metrics = records["host_metrics"];
        var srs = records["SR"];
        var pbds = records["PBD"];
        var vdis = records["VDI"];
        var vbds = records["VBD"];
        var masterRef = Text(pool, "master");
        Guid Uuid(IReadOnlyDictionary<string, JsonElement> table, string reference) => Guid.Parse(Text(table[reference], "uuid"));
        Guid? HostOf(string reference) => reference != NullRef && hosts.ContainsKey(reference) ? Uuid(hosts, reference) : null;

        Guid SrMaster(JsonElement sr, string srRef) => Flag(sr, "shared")
            ? Uuid(hosts, masterRef)
            : pbds.Values.Where(p => Text(p, "SR") == srRef).Select(p => HostOf(Text(p, "host"))).FirstOrDefault(h => h is not null) ?? Uuid(hosts, masterRef);

        return new PoolDescription
        {
            Id = Guid.Parse(Text(pool, "uuid")),
            Name = Text(pool, "name_label"),
            MasterId = Uuid(hosts, masterRef),
            HaEnabled = Flag(pool, "ha_enabled"),
            DefaultSrId = Text(pool, "default_SR") is var sr && srs.ContainsKey(sr) ? Uuid(srs, sr) : null,
            AttachKeysComplete = true,
            Hosts = [.. hosts.Select(h => new HostDescription
            {
                Id = Uuid(hosts, h.Key),
                Name = Text(h.Value, "name_label"),
                Address = Text(h.Value, "address"),
                MemoryMiB = metrics.TryGetValue(Text(h.Value, "metrics"), out var m) ? Number(m, "memory_total") / MiB : 0,
                Role = h.Key == masterRef ? HostRole.Master : HostRole.Member,
                Liveness = metrics.TryGetValue(Text(h.Value, "metrics"), out var live) && !Flag(live, "live") ? Liveness.Dead : Liveness.Alive,
            })],
            Srs = [.. srs.Select(s => new SrDescription
            {
                Id = Uuid(srs, s.Key),
                Name = Text(s.Value, "name_label"),
                Shared = Flag(s.Value, "shared"),
                OwnerHostId = Flag(s.Value, "shared") ? null : SrMaster(s.Value, s.Key),
            })],
            Vdis = [.. vdis.Where(v => srs.ContainsKey(Text(v.Value, "SR"))).Select(v =>
            {
                var sm = v.Value.GetProperty("sm_config");
                var srRef = Text(v.Value, "SR");
                Guid? srMaster = null;
                Guid? BySrMaster(string key) => sm.TryGetProperty(key, out _) ? srMaster ??= SrMaster(srs[srRef], srRef) : null;
                return new VdiDescription
                {
                    Id = Uuid(vdis, v.Key),
                    Name = Text(v.Value, "name_label"),
                    SrId = Uuid(srs, srRef),
                    AttachKeys = sm.EnumerateObject()
                        .Where(k => k.Name.StartsWith(HostKeyPrefix, StringComparison.Ordinal) && HostOf(k.Name[HostKeyPrefix.Length..]) is not null)
                        .ToDictionary(k => HostOf(k.Name[HostKeyPrefix.Length..])!.Value, k => k.Value.GetString() == "RO" ? AttachMode.RO : AttachMode.RW),
                    PausedBy = BySrMaster("paused"),
                    ActivatingBy = BySrMaster("activating"),
                };
            })],
            Vms = [.. records["VM"].Where(v => !Flag(v.Value, "is_a_template") && !Flag(v.Value, "is_a_snapshot")).Select(v => new VmDescription
            {
                Id = Guid.Parse(Text(v.Value, "uuid")),
                Name = Text(v.Value, "name_label"),
                MemoryMiB = Number(v.Value, "memory_static_max") / MiB,
                PowerState = Enum.Parse<PowerState>(Text(v.Value, "power_state"), ignoreCase: true),
                ResidentOn = HostOf(Text(v.Value, "resident_on")),
                HaPriority = Text(v.Value, "ha_restart_priority") switch
                {
                    "restart" => HaRestartPriority.Restart,
                    "best-effort" => HaRestartPriority.BestEffort,
                    _ => HaRestartPriority.None,
                },
                IsControlDomain = Flag(v.Value, "is_control_domain"),
                Disks = [.. v.Value.GetProperty("VBDs").EnumerateArray().Select(r => r.GetString()!)
                    .Where(r => vbds.ContainsKey(r) && vdis.ContainsKey(Text(vbds[r], "VDI")))
                    .Select(r => new Vbd(Uuid(vdis, Text(vbds[r], "VDI")), Text(vbds[r], "mode") == "RO" ? AttachMode.RO : AttachMode.RW))],
            })],
        };
    }

    private static string Text(JsonElement record, string field) => record.GetProperty(field).GetString() ?? "";

    private static bool Flag(JsonElement record, string field) => record.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>XAPI's int64, a JSON number over JSON-RPC.</summary>
    private static long Number(JsonElement record, string field) => record.GetProperty(field).GetInt64();
}
