using System.Net;

namespace PoolDash.XapiEmulator.Database;

/// <summary>The emulated pool: its database and the loopback address each host answers at.</summary>
internal sealed class EmulatedPool(XapiDatabase database, string poolRef, IReadOnlyDictionary<IPAddress, string> hostsByAddress)
{
    public XapiDatabase Database { get; } = database;

    public string PoolRef { get; } = poolRef;

    /// <summary>Host ref by the address it listens at.</summary>
    public IReadOnlyDictionary<IPAddress, string> HostsByAddress { get; } = hostsByAddress;

    public string MasterRef => (string)Database.Record(XapiClasses.Pool, PoolRef)["master"]!;

    public string AddressOf(string hostRef) => (string)Database.Record(XapiClasses.Host, hostRef)["address"]!;
}
