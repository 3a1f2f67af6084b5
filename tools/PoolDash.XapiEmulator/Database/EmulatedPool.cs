using System.Collections.Concurrent;
using System.Net;

namespace PoolDash.XapiEmulator.Database;

/// <summary>The emulated pool: its database, the loopback address each host answers at, and which master each host
/// follows (its <c>pool.conf</c>): after an emergency transition the members still follow the old master until
/// <c>pool.recover_slaves</c> reaches them.</summary>
internal sealed class EmulatedPool(XapiDatabase database, string poolRef, IReadOnlyDictionary<IPAddress, string> hostsByAddress)
{
    private readonly ConcurrentDictionary<string, string> _follows = new();

    public XapiDatabase Database { get; } = database;

    public string PoolRef { get; } = poolRef;

    /// <summary>Host ref by the address it listens at.</summary>
    public IReadOnlyDictionary<IPAddress, string> HostsByAddress { get; } = hostsByAddress;

    public string MasterRef => (string)Database.Record(XapiClasses.Pool, PoolRef)["master"]!;

    public string AddressOf(string hostRef) => (string)Database.Record(XapiClasses.Host, hostRef)["address"]!;

    /// <summary>The master <paramref name="hostRef"/> believes in (the pool's master unless it was left behind).</summary>
    public string MasterOf(string hostRef) => _follows.GetValueOrDefault(hostRef, MasterRef);

    public void Follow(string hostRef, string masterRef) => _follows[hostRef] = masterRef;

    /// <summary><paramref name="newMaster"/> is master now; every other host keeps following whoever it followed.</summary>
    public void Promote(string newMaster)
    {
        var old = MasterRef;
        foreach (var host in Database.Refs(XapiClasses.Host).Where(h => h != newMaster))
        {
            _follows.TryAdd(host, old);
        }

        _follows.TryRemove(newMaster, out _);
        Database.Modify(XapiClasses.Pool, PoolRef, r => r["master"] = newMaster);
        // The old master, should it come back, finds another master and demotes itself (XAPI's sanity check at start).
        _follows[old] = newMaster;
    }
}
