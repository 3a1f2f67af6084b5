using System.Globalization;

namespace PoolDash.XapiEmulator;

/// <summary>The command line: <c>--pool FILE --port N [--bind-prefix 127.0.0] [--user root] [--password ""] [--restart-seconds 10]
/// [--dead-interval 600]</c>.</summary>
internal sealed record EmulatorOptions(string PoolFile, int Port, string BindPrefix, string User, string Password, TimeSpan DeadInterval)
{
    public const string Usage =
        "usage: PoolDash.XapiEmulator --pool <pool-description.json> --port <port> [--bind-prefix 127.0.0] [--user root] [--password <password>] [--dead-interval <seconds>] [--restart-seconds <seconds>] [--ha-timeout <seconds>]";

    /// <summary>How long after an emergency call a host's xapi restarts in its new role (XAPI's fuse time: 10 s).</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>HA's timeout once HA is enabled: a host not heard for this long is fenced, a silent master replaced
    /// (XAPI's default: 60 s).</summary>
    public TimeSpan HaTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"'{args[i]}' is not an option with a value. {Usage}");
            }

            given[args[i][2..]] = args[++i];
        }

        var unknown = given.Keys.Except(["pool", "port", "bind-prefix", "user", "password", "dead-interval", "restart-seconds", "ha-timeout"]).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{unknown[0]}. {Usage}");
        }

        if (!given.TryGetValue("pool", out var pool) || !given.TryGetValue("port", out var portText))
        {
            throw new ArgumentException($"--pool and --port are required. {Usage}");
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--port must be a TCP port (1 to 65535), not '{portText}'.");
        }

        var prefix = given.GetValueOrDefault("bind-prefix", "127.0.0");
        if (!prefix.StartsWith("127.", StringComparison.Ordinal) || prefix.Split('.').Length != 3)
        {
            throw new ArgumentException($"--bind-prefix must be three octets of the loopback range 127.0.0.0/8, such as 127.0.0, not '{prefix}'.");
        }

        var interval = given.TryGetValue("dead-interval", out var seconds)
            ? double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                ? TimeSpan.FromSeconds(s)
                : throw new ArgumentException($"--dead-interval must be a number of seconds above 0, not '{seconds}'.")
            : TimeSpan.FromSeconds(600);
        var restart = given.TryGetValue("restart-seconds", out var restartText)
            ? double.TryParse(restartText, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r >= 0
                ? TimeSpan.FromSeconds(r)
                : throw new ArgumentException($"--restart-seconds must be a number of seconds, 0 or more, not '{restartText}'.")
            : TimeSpan.FromSeconds(10);
        var haTimeout = given.TryGetValue("ha-timeout", out var haText)
            ? double.TryParse(haText, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && h > 0
                ? TimeSpan.FromSeconds(h)
                : throw new ArgumentException($"--ha-timeout must be a number of seconds above 0, not '{haText}'.")
            : TimeSpan.FromSeconds(60);
        return new EmulatorOptions(pool, port, prefix, given.GetValueOrDefault("user", "root"), given.GetValueOrDefault("password", ""), interval)
        {
            RestartDelay = restart,
            HaTimeout = haTimeout,
        };
    }
}
