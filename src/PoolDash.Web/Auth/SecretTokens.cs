using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PoolDash.Web.Auth;

/// <summary>
/// Tokens PoolDash hands out once and keeps only as a SHA-256 (a host's heartbeat token, a wall's kiosk link): 256
/// random bits, so a fast hash is enough and guessing one is out of reach.
/// </summary>
internal static class SecretTokens
{
    private const int Bytes = 32;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
