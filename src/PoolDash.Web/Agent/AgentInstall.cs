using System.Globalization;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Agent;

/// <summary>
/// The dom0 agent as PoolDash hands it out: its two files, served at <c>/agent/…</c> from the copies built beside the
/// app, and the commands a Pool Admin runs in a host's dom0 to install it with that host's (new) token.
/// </summary>
internal static class AgentInstall
{
    public const string Script = "pooldash-agent.sh";
    public const string Unit = "pooldash-agent.service";

    public static void MapAgentFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/agent/{Script}", () => File(Script, "text/x-shellscript")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet($"/agent/{Unit}", () => File(Unit, "text/plain")).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>What to run as root in the host's dom0: the configuration (mode 0600, it holds the token), the script,
    /// the unit, and systemd.</summary>
    public static string Commands(Uri pooldash, IssuedToken issued, int intervalSeconds = 10)
    {
        var url = pooldash.GetLeftPart(UriPartial.Authority);
        return string.Join('\n',
            "mkdir -p /etc/pooldash",
            "( umask 077 && cat > /etc/pooldash/agent.conf <<'CONF'",
            $"POOLDASH_URL={url}",
            $"POOLDASH_HOST_ID={issued.HostId}",
            $"POOLDASH_TOKEN={issued.Token}",
            string.Create(CultureInfo.InvariantCulture, $"POOLDASH_INTERVAL={intervalSeconds}"),
            "CONF",
            ")",
            $"curl -fsS -o /usr/local/bin/{Script} {url}/agent/{Script} && chmod 755 /usr/local/bin/{Script}",
            $"curl -fsS -o /etc/systemd/system/{Unit} {url}/agent/{Unit}",
            "systemctl daemon-reload && systemctl enable --now pooldash-agent && systemctl restart pooldash-agent");
    }

    private static IResult File(string name, string contentType)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "agent", name);
        return System.IO.File.Exists(path)
            ? Results.File(path, contentType, name)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{name} is not in this build", detail: "Build PoolDash from the repository, which has agent/.");
    }
}
