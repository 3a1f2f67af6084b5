using System.Security.Cryptography;

namespace PoolDash.Web.XapiPools;

/// <summary>HTTPS to a pool: the usual certificate checks, or, when a fingerprint is pinned (XenServer's self-signed
/// certificate), exactly that certificate and no other.</summary>
internal static class PinnedCertificate
{
    public static HttpMessageHandler Handler(string? fingerprint)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (Parse(fingerprint) is { } pinned)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), pinned);
        }

        return handler;
    }

    /// <summary><c>sha256:</c> then 64 hex digits, with or without colons; null for none or a malformed one.</summary>
    public static byte[]? Parse(string? fingerprint)
    {
        if (string.IsNullOrWhiteSpace(fingerprint))
        {
            return null;
        }

        var hex = fingerprint.Trim();
        hex = hex.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? hex[7..] : hex;
        hex = hex.Replace(":", "", StringComparison.Ordinal);
        try
        {
            var bytes = Convert.FromHexString(hex);
            return bytes.Length == SHA256.HashSizeInBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether a fingerprint was given but cannot be one.</summary>
    public static bool IsMalformed(string? fingerprint) => !string.IsNullOrWhiteSpace(fingerprint) && Parse(fingerprint) is null;

}
