using PoolDash.Domain.Errors;

namespace PoolDash.Web.XapiPools;

/// <summary>Why a pool could not be connected, in XAPI's style: a name to branch on and what to do.</summary>
internal static class ConnectErrors
{
    public const string Unreachable = "XAPI_UNREACHABLE";
    public const string TlsRefused = "XAPI_TLS_REFUSED";
    public const string PlainHttpRefused = "XAPI_PLAIN_HTTP_REFUSED";

    public static XapiError InvalidAddress(string? address) => new(XapiErrorNames.InvalidValue, ["masterAddress", address ?? ""],
        $"'{address}' is not a master address", "Give the master's https:// address (or its host name or IP), a user name and a password.");

    public static XapiError PlainHttp(Uri address) => new(PlainHttpRefused, [address.ToString()],
        "Plain HTTP would send the pool's password in clear", "Use the master's https:// address, or allow plain HTTP for an emulator (PoolDash:Xapi:AllowPlainHttp=true).");

    public static XapiError Unanswered(Uri address, string why) => new(Unreachable, [address.ToString()],
        $"The master at {address} did not answer: {why}", "Check the address, and that PoolDash can reach it (port 443, firewall), then connect again.");

    public static XapiError Certificate(Uri address) => new(TlsRefused, [address.ToString()],
        $"The certificate of {address} is not trusted", "XenServer's own certificate is self-signed: give its SHA-256 fingerprint as tlsFingerprint (sha256:…), read on the host with 'openssl x509 -in /etc/xensource/xapi-ssl.pem -noout -fingerprint -sha256'.");

    public static XapiError Refused(XapiException e) => e.Code switch
    {
        XapiErrorNames.HostIsSlave => new(e.Code, e.Parameters, $"This host is a pool member; its master is {First(e)}",
            $"Connect to the master's address ({First(e)})."),
        XapiErrorNames.SessionAuthenticationFailed => new(e.Code, [.. e.Parameters.Take(1)], "The pool refused the user name or password",
            "Give the credentials of an account of the pool (root, or a user with the Pool Admin role)."),
        _ => new(e.Code, e.Parameters, $"The pool refused: {e.Message}", "Check the pool's state, then connect again."),
    };

    private static string First(XapiException e) => e.Parameters.Count > 0 ? e.Parameters[0] : "";
}
