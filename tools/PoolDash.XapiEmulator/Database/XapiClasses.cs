namespace PoolDash.XapiEmulator.Database;

/// <summary>The classes the emulator keeps, by their API names (what <c>VM.get_all_records</c> and
/// <c>system.listMethods</c> use); event classes are the same names in lower case.</summary>
internal static class XapiClasses
{
    public const string Pool = "pool";
    public const string Host = "host";
    public const string HostMetrics = "host_metrics";
    public const string Vm = "VM";
    public const string VmMetrics = "VM_metrics";
    public const string Sr = "SR";
    public const string Pbd = "PBD";
    public const string Vdi = "VDI";
    public const string Vbd = "VBD";

    /// <summary>No tasks are ever created, but clients (Xen Orchestra) watch the class and count its rows.</summary>
    public const string Task = "task";

    public static IReadOnlyList<string> All { get; } = [Pool, Host, HostMetrics, Vm, VmMetrics, Sr, Pbd, Vdi, Vbd, Task];

    public static string? ByEventName(string name) => All.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));

    public const string NullRef = "OpaqueRef:NULL";

    public static string NewRef() => $"OpaqueRef:{Guid.NewGuid()}";
}
