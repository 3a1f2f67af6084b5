using System.Collections.Concurrent;
using System.Net;

namespace PoolDash.XapiEmulator.Database;

/// <summary>The emulated pool: its database, the loopback address each host answers at, and which master each host
/// follows (its <c>pool.conf</c>): after an emergency transition the members still follow the old master until
/// <c>pool.recover_slaves</c> reaches them.</summary>
internal sealed class EmulatedPool(XapiDatabase database, string poolRef, IReadOnlyDictionary<IPAddress, string> hostsByAddress)
{
    private readonly ConcurrentDictionary<string, string> _follows = new();
    private readonly ConcurrentDictionary<string, bool> _stillMaster = new();

    public XapiDatabase Database { get; } = database;

    public string PoolRef { get; } = poolRef;

    /// <summary>Host ref by the address it listens at.</summary>
    public IReadOnlyDictionary<IPAddress, string> HostsByAddress { get; } = hostsByAddress;

    public string MasterRef => (string)Database.Record(XapiClasses.Pool, PoolRef)["master"]!;

    public string AddressOf(string hostRef) => (string)Database.Record(XapiClasses.Host, hostRef)["address"]!;

    /// <summary>The master <paramref name="hostRef"/> believes in (the pool's master unless it was left behind).</summary>
    public string MasterOf(string hostRef) => _follows.GetValueOrDefault(hostRef, MasterRef);

    public void Follow(string hostRef, string masterRef) => _follows[hostRef] = masterRef;

    /// <summary>Whether <paramref name="hostRef"/> takes pool logins as master: the pool's master, or an old master that
    /// kept running through a transition made without it (two masters: what PoolDash must never cause).</summary>
    public bool ActsAsMaster(string hostRef) => hostRef == MasterRef || _stillMaster.ContainsKey(hostRef);

    /// <summary>A host powered off forgets being master: when it starts again it finds the new one and demotes itself.</summary>
    public void Stopped(string hostRef) => _stillMaster.TryRemove(hostRef, out _);

    /// <summary><paramref name="newMaster"/> is master now; every other host keeps following whoever it followed. An
    /// old master still running (<paramref name="oldStillRuns"/>) is not told: it goes on as master of its own.</summary>
    public void Promote(string newMaster, bool oldStillRuns = false)
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
        if (oldStillRuns)
        {
            _stillMaster[old] = true;
        }
    }
}
