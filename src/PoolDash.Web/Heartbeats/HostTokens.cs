using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PoolDash.Web.Heartbeats;

/// <summary>
/// Each host's heartbeat credential: only a SHA-256 of the token is kept (<see cref="Auth.SecretTokens"/>; a password
/// hash per heartbeat would make the hot path slow). A token opens its own host only.
/// </summary>
internal sealed class HostTokens
{
    private readonly ConcurrentDictionary<Guid, HostCredential> _byHost = new();

    // The same credentials by pool, so that saving one pool reads its own hosts' hashes, not the whole fleet's.
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, HostCredential>> _byPool = new();

    /// <summary>Issues a fresh token for a host, replacing any earlier one; returns it (shown once, never stored).</summary>
    public string Issue(Guid poolId, Guid hostId)
    {
        var token = Auth.SecretTokens.New();
        Put(poolId, hostId, new HostCredential(poolId, Auth.SecretTokens.Hash(token)));
        return token;
    }

    public void Restore(Guid poolId, Guid hostId, byte[] hash) => Put(poolId, hostId, new HostCredential(poolId, hash));

    public HostCredential? Find(Guid hostId) => _byHost.GetValueOrDefault(hostId);

    public IEnumerable<KeyValuePair<Guid, HostCredential>> OfPool(Guid poolId) =>
        _byPool.TryGetValue(poolId, out var hosts) ? hosts : [];

    private void Put(Guid poolId, Guid hostId, HostCredential credential)
    {
        if (_byHost.TryGetValue(hostId, out var earlier) && earlier.PoolId != poolId && _byPool.TryGetValue(earlier.PoolId, out var before))
        {
            before.TryRemove(hostId, out _);
        }

        _byHost[hostId] = credential;
        _byPool.GetOrAdd(poolId, _ => new ConcurrentDictionary<Guid, HostCredential>())[hostId] = credential;
    }

    /// <summary>Whether <paramref name="token"/> is this host's: hashed on the stack, compared in constant time.</summary>
    public static bool Matches(HostCredential credential, ReadOnlySpan<char> token)
    {
        if (token.IsEmpty || token.Length > 256)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
        var length = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return CryptographicOperations.FixedTimeEquals(hash, credential.Hash);
    }
}
