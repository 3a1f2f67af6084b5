using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PoolDash.Web.Heartbeats;

/// <summary>
/// Each host's heartbeat credential: only a SHA-256 of the token is kept (tokens are 256 random bits, so a fast
/// hash is enough and a password hash per heartbeat would make the hot path slow). A token opens its own host only.
/// </summary>
internal sealed class HostTokens
{
    private const int TokenBytes = 32;
    private readonly ConcurrentDictionary<Guid, HostCredential> _byHost = new();

    /// <summary>Issues a fresh token for a host, replacing any earlier one; returns it (shown once, never stored).</summary>
    public string Issue(Guid poolId, Guid hostId)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        _byHost[hostId] = new HostCredential(poolId, Hash(token));
        return token;
    }

    public void Restore(Guid poolId, Guid hostId, byte[] hash) => _byHost[hostId] = new HostCredential(poolId, hash);

    public HostCredential? Find(Guid hostId) => _byHost.GetValueOrDefault(hostId);

    public IEnumerable<KeyValuePair<Guid, HostCredential>> OfPool(Guid poolId) => _byHost.Where(c => c.Value.PoolId == poolId);

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

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
