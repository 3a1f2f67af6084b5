namespace PoolDash.Web.Auth;

/// <summary>Where to go after signing in: only a path on this site, so a crafted link cannot send a user elsewhere.</summary>
internal static class LocalReturnUrl
{
    public static string Of(string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(returnUrl))
        {
            return "/";
        }

        var path = returnUrl.StartsWith('/') ? returnUrl : "/" + returnUrl;
        return path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal) || path.Contains("://", StringComparison.Ordinal)
            || path.StartsWith("/account/", StringComparison.OrdinalIgnoreCase)
            ? "/"
            : path;
    }
}
