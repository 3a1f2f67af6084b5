using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace PoolDash.XapiEmulator.Database;

/// <summary>
/// Builds the emulated pool from a PoolDash pool description (the same JSON as <c>docs/pool-description.example.json</c>):
/// every record with all the fields XAPI's records carry, a control domain on each host, a PBD for each host that sees
/// each SR, VBDs for the VMs' disks and the VDI lock keys in <c>sm_config</c>. The master listens at
/// <c>{prefix}.2</c>, the other hosts at <c>.3</c>, <c>.4</c>, … in the description's order.
/// </summary>
internal static class PoolLoader
{
    private const long MiB = 1024 * 1024;

    public static EmulatedPool Load(JsonNode description, string bindPrefix, DateTimeOffset now)
    {
        var db = new XapiDatabase();
        var hosts = Array(description, "hosts");
        if (hosts.Count == 0)
        {
            throw new InvalidDataException("The pool description has no hosts.");
        }

        var masterNode = hosts.FirstOrDefault(h => Text(h, "role") == "Master") ?? hosts[0];
        var ordered = hosts.Where(h => h == masterNode).Concat(hosts.Where(h => h != masterNode)).ToList();
        var hostRefs = new Dictionary<string, string>();
        var addresses = new Dictionary<IPAddress, string>();
        var poolRef = XapiClasses.NewRef();
        for (var i = 0; i < ordered.Count; i++)
        {
            var host = ordered[i];
            var id = Required(host, "id");
            var address = IPAddress.Parse($"{bindPrefix}.{i + 2}");
            var hostRef = XapiClasses.NewRef();
            hostRefs[id] = hostRef;
            addresses[address] = hostRef;
            var metricsRef = XapiClasses.NewRef();
            var memory = Number(host, "memoryMiB") * MiB;
            db.Add(XapiClasses.HostMetrics, metricsRef, new()
            {
                ["uuid"] = Guid.NewGuid().ToString(),
                ["live"] = Text(host, "liveness") != "Dead",
                ["last_updated"] = now,
                ["memory_total"] = memory,
                ["memory_free"] = 0L,
                ["other_config"] = Map(),
            });
            db.Add(XapiClasses.Host, hostRef, new()
            {
                ["uuid"] = id,
                ["name_label"] = Required(host, "name"),
                ["name_description"] = "",
                ["hostname"] = Required(host, "name"),
                ["address"] = address.ToString(),
                ["enabled"] = true,
                ["metrics"] = metricsRef,
                ["resident_VMs"] = new List<object?>(),
                ["PBDs"] = new List<object?>(),
                ["control_domain"] = XapiClasses.NullRef,
                ["API_version_major"] = 2L,
                ["API_version_minor"] = 21L,
                ["API_version_vendor"] = "XenSource",
                ["software_version"] = Map(("product_brand", "XCP-ng"), ("product_version", "8.3.0"), ("xapi", "24.19")),
                ["memory_overhead"] = 0L,
                ["allowed_operations"] = new List<object?>(),
                ["current_operations"] = Map(),
                ["other_config"] = Map(),
            });
        }

        var srRefs = new Dictionary<string, string>();
        foreach (var sr in Array(description, "srs"))
        {
            var srRef = XapiClasses.NewRef();
            srRefs[Required(sr, "id")] = srRef;
            var shared = Flag(sr, "shared");
            db.Add(XapiClasses.Sr, srRef, new()
            {
                ["uuid"] = Required(sr, "id"),
                ["name_label"] = Required(sr, "name"),
                ["name_description"] = "",
                ["type"] = shared ? "nfs" : "ext",
                ["content_type"] = "user",
                ["shared"] = shared,
                ["PBDs"] = new List<object?>(),
                ["VDIs"] = new List<object?>(),
                ["physical_size"] = 4L * 1024 * 1024 * MiB,
                ["physical_utilisation"] = 0L,
                ["virtual_allocation"] = 0L,
                ["sm_config"] = Map(),
                ["other_config"] = Map(),
            });
            var seenBy = shared ? hostRefs.Values.ToList() : [hostRefs[Required(sr, "ownerHostId")]];
            foreach (var hostRef in seenBy)
            {
                var pbdRef = XapiClasses.NewRef();
                db.Add(XapiClasses.Pbd, pbdRef, new()
                {
                    ["uuid"] = Guid.NewGuid().ToString(),
                    ["host"] = hostRef,
                    ["SR"] = srRef,
                    ["currently_attached"] = true,
                    ["device_config"] = Map(),
                    ["other_config"] = Map(),
                });
                db.Modify(XapiClasses.Sr, srRef, r => ((List<object?>)r["PBDs"]!).Add(pbdRef));
                db.Modify(XapiClasses.Host, hostRef, r => ((List<object?>)r["PBDs"]!).Add(pbdRef));
            }
        }

        var vdiRefs = new Dictionary<string, string>();
        foreach (var vdi in Array(description, "vdis"))
        {
            var vdiRef = XapiClasses.NewRef();
            var srRef = srRefs[Required(vdi, "srId")];
            vdiRefs[Required(vdi, "id")] = vdiRef;
            var smConfig = Map();
            if (vdi["attachKeys"] is JsonObject keys)
            {
                foreach (var (hostId, mode) in keys)
                {
                    smConfig[$"host_{hostRefs[hostId]}"] = mode!.GetValue<string>();
                }
            }

            if (Text(vdi, "pausedBy") is not null)
            {
                smConfig["paused"] = "true";
            }

            if (Text(vdi, "activatingBy") is not null)
            {
                smConfig["activating"] = "True";
            }

            db.Add(XapiClasses.Vdi, vdiRef, new()
            {
                ["uuid"] = Required(vdi, "id"),
                ["name_label"] = Required(vdi, "name"),
                ["name_description"] = "",
                ["SR"] = srRef,
                ["VBDs"] = new List<object?>(),
                ["sharable"] = false,
                ["read_only"] = false,
                ["type"] = "user",
                ["virtual_size"] = 20L * 1024 * MiB,
                ["physical_utilisation"] = 0L,
                ["managed"] = true,
                ["missing"] = false,
                ["is_a_snapshot"] = false,
                ["sm_config"] = smConfig,
                ["other_config"] = Map(),
            });
            db.Modify(XapiClasses.Sr, srRef, r => ((List<object?>)r["VDIs"]!).Add(vdiRef));
        }

        var vms = Array(description, "vms");
        foreach (var vm in vms)
        {
            AddVm(db, vm, hostRefs, vdiRefs, description["attachKeysComplete"]?.GetValue<bool>() == true, now);
        }

        foreach (var (hostId, hostRef) in hostRefs.Where(h => db.Record(XapiClasses.Host, h.Value)["control_domain"] is XapiClasses.NullRef))
        {
            var dom0 = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["name"] = $"Control domain on host: {db.Record(XapiClasses.Host, hostRef)["name_label"]}",
                ["memoryMiB"] = 4096L,
                ["powerState"] = "Running",
                ["residentOn"] = hostId,
                ["isControlDomain"] = true,
            };
            AddVm(db, dom0, hostRefs, vdiRefs, attachKeysComplete: true, now);
        }

        var master = hostRefs[Required(masterNode, "id")];
        db.Add(XapiClasses.Pool, poolRef, new()
        {
            ["uuid"] = Required(description, "id"),
            ["name_label"] = Required(description, "name"),
            ["name_description"] = "",
            ["master"] = master,
            ["default_SR"] = Text(description, "defaultSrId") is { } defaultSr && srRefs.TryGetValue(defaultSr, out var defaultSrRef) ? defaultSrRef : XapiClasses.NullRef,
            ["suspend_image_SR"] = XapiClasses.NullRef,
            ["crash_dump_SR"] = XapiClasses.NullRef,
            ["ha_enabled"] = Flag(description, "haEnabled"),
            ["ha_configuration"] = Map(),
            ["ha_statefiles"] = new List<object?>(),
            ["ha_host_failures_to_tolerate"] = 0L,
            ["ha_plan_exists_for"] = 0L,
            ["ha_allow_overcommit"] = false,
            ["ha_overcommitted"] = false,
            ["ha_cluster_stack"] = "xhad",
            ["other_config"] = Map(),
        });
        return new EmulatedPool(db, poolRef, addresses);
    }

    private static void AddVm(XapiDatabase db, JsonNode vm, Dictionary<string, string> hostRefs, Dictionary<string, string> vdiRefs, bool attachKeysComplete,
        DateTimeOffset now)
    {
        var vmRef = XapiClasses.NewRef();
        var metricsRef = XapiClasses.NewRef();
        var powerState = Text(vm, "powerState") ?? "Halted";
        var live = powerState is "Running" or "Paused";
        var residentOn = live && Text(vm, "residentOn") is { } hostId ? hostRefs[hostId] : XapiClasses.NullRef;
        var memory = Number(vm, "memoryMiB") * MiB;
        var controlDomain = Flag(vm, "isControlDomain");
        db.Add(XapiClasses.VmMetrics, metricsRef, new()
        {
            ["uuid"] = Guid.NewGuid().ToString(),
            ["memory_actual"] = live ? memory : 0L,
            ["VCPUs_number"] = live ? 2L : 0L,
            ["start_time"] = now,
            ["state"] = new List<object?>(),
            ["current_domain_type"] = controlDomain ? "pv" : "hvm",
            ["other_config"] = Map(),
        });
        var vbdRefs = new List<object?>();
        db.Add(XapiClasses.Vm, vmRef, new()
        {
            ["uuid"] = Required(vm, "id"),
            ["name_label"] = Required(vm, "name"),
            ["name_description"] = "",
            ["power_state"] = powerState,
            ["resident_on"] = residentOn,
            ["scheduled_to_be_resident_on"] = XapiClasses.NullRef,
            ["affinity"] = XapiClasses.NullRef,
            ["domid"] = live ? (controlDomain ? 0L : 1L) : -1L,
            ["is_control_domain"] = controlDomain,
            ["is_a_template"] = false,
            ["is_a_snapshot"] = false,
            ["memory_static_min"] = memory,
            ["memory_static_max"] = memory,
            ["memory_dynamic_min"] = memory,
            ["memory_dynamic_max"] = memory,
            ["memory_target"] = memory,
            ["memory_overhead"] = 0L,
            ["VCPUs_max"] = 2L,
            ["VBDs"] = vbdRefs,
            ["metrics"] = metricsRef,
            ["ha_restart_priority"] = Text(vm, "haPriority") switch
            {
                "Restart" => "restart",
                "BestEffort" => "best-effort",
                _ => "",
            },
            ["ha_always_run"] = false,
            ["order"] = 0L,
            ["start_delay"] = 0L,
            ["shutdown_delay"] = 0L,
            ["allowed_operations"] = new List<object?>(),
            ["current_operations"] = Map(),
            ["blocked_operations"] = Map(),
            ["other_config"] = Map(),
        });
        if (residentOn != XapiClasses.NullRef)
        {
            db.Modify(XapiClasses.Host, residentOn, r =>
            {
                ((List<object?>)r["resident_VMs"]!).Add(vmRef);
                if (controlDomain)
                {
                    r["control_domain"] = vmRef;
                }
            });
        }

        var position = 0;
        foreach (var disk in Array(vm, "disks"))
        {
            var vdiRef = vdiRefs[Required(disk, "vdiId")];
            var mode = Text(disk, "mode") ?? "RW";
            var vbdRef = XapiClasses.NewRef();
            db.Add(XapiClasses.Vbd, vbdRef, new()
            {
                ["uuid"] = Guid.NewGuid().ToString(),
                ["VM"] = vmRef,
                ["VDI"] = vdiRef,
                ["mode"] = mode,
                ["type"] = "Disk",
                ["currently_attached"] = live,
                ["reserved"] = false,
                ["empty"] = false,
                ["device"] = $"xvd{(char)('a' + position)}",
                ["userdevice"] = position.ToString(CultureInfo.InvariantCulture),
                ["bootable"] = position == 0,
                ["other_config"] = Map(),
            });
            position++;
            vbdRefs.Add(vbdRef);
            db.Modify(XapiClasses.Vm, vmRef, r => r["VBDs"] = new List<object?>(vbdRefs));
            db.Modify(XapiClasses.Vdi, vdiRef, r =>
            {
                ((List<object?>)r["VBDs"]!).Add(vbdRef);
                // A running VM's disks are activated on its host, unless the description lists every key itself.
                var sm = (Dictionary<string, object?>)r["sm_config"]!;
                var key = $"host_{residentOn}";
                if (live && !attachKeysComplete && sm.GetValueOrDefault(key) is not "RW")
                {
                    sm[key] = mode;
                }
            });
        }
    }

    private static Dictionary<string, object?> Map(params (string Key, string Value)[] entries) => entries.ToDictionary(e => e.Key, e => (object?)e.Value);

    private static List<JsonNode> Array(JsonNode node, string name) => node[name] is JsonArray array ? [.. array.OfType<JsonNode>()] : [];

    private static string? Text(JsonNode node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Required(JsonNode node, string name) =>
        Text(node, name) ?? throw new InvalidDataException($"'{name}' is missing at {node.GetPath()}.");

    private static bool Flag(JsonNode node, string name) => node[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static long Number(JsonNode node, string name) => node[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
