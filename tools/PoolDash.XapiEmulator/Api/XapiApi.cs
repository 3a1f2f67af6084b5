using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using PoolDash.XapiEmulator.Database;
using PoolDash.XapiEmulator.Drills;
using PoolDash.XapiEmulator.Rpc;

namespace PoolDash.XapiEmulator.Api;

/// <summary>
/// The API as XAPI answers it: sessions (a member refuses a pool login with <c>HOST_IS_SLAVE</c> naming the master,
/// before it looks at the credentials), the generic record calls of every class, <c>system.listMethods</c>,
/// <c>event.inject</c> and <c>event.from</c>. Unknown methods, wrong parameter counts, unknown sessions and refs are
/// refused with XAPI's errors.
/// </summary>
internal sealed partial class XapiApi(EmulatedPool pool, EmulatorOptions options, HostConditions conditions, TimeProvider time)
{
    private static readonly string[] RecordCalls = ["get_all", "get_all_records", "get_all_records_where", "get_record", "get_by_uuid", "get_by_name_label"];

    private readonly ConcurrentDictionary<string, Session> _sessions = new();

    private XapiDatabase Db => pool.Database;

    public async Task<object?> CallAsync(string method, IReadOnlyList<object?> args, string hostRef, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case "system.listMethods":
                return ListMethods();
            case "session.login_with_password":
                Count(method, args, 2, 4);
                if (!pool.ActsAsMaster(hostRef))
                {
                    // Before the credentials: a member only says where the master is.
                    throw new XapiFault("HOST_IS_SLAVE", pool.AddressOf(pool.MasterOf(hostRef)));
                }

                return Login(args, method, hostRef, slaveLocal: false);
            case "session.slave_local_login_with_password":
                Count(method, args, 2, 2);
                return Login(args, method, hostRef, slaveLocal: true);
        }

        if (args.Count == 0 || args[0] is not string sessionRef)
        {
            throw XapiFault.ParameterCount(method, 1, args.Count);
        }

        var session = _sessions.TryGetValue(sessionRef, out var s) && (!s.SlaveLocal || s.HostRef == hostRef) ? s : throw XapiFault.SessionInvalid(sessionRef);
        var rest = args.Skip(1).ToList();
        switch (method)
        {
            case "session.logout" or "session.local_logout":
                Count(method, rest, 0, 0);
                _sessions.TryRemove(session.Ref, out _);
                return "";
            case "session.get_this_host":
                Count(method, rest, 1, 1);
                return session.HostRef;
            case "event.inject":
                Count(method, rest, 2, 2);
                return Token(Db.Touch(Class(XapiValues.String(rest, 0, method), method), XapiValues.String(rest, 1, method)));
            case "event.from":
                Count(method, rest, 3, 3);
                return await EventFromAsync(XapiValues.Strings(rest, 0, method), XapiValues.String(rest, 1, method), XapiValues.Double(rest, 2, method),
                    cancellationToken).ConfigureAwait(false);
        }

        if (RecoveryCall(method, rest, session, hostRef, out var answer))
        {
            return answer;
        }

        return RecordCall(method, rest);
    }

    /// <summary>Every session ends (xapi restarted, or sessions timed out).</summary>
    public void ExpireSessions() => _sessions.Clear();

    private string Login(IReadOnlyList<object?> args, string method, string hostRef, bool slaveLocal)
    {
        var user = XapiValues.String(args, 0, method);
        var password = XapiValues.String(args, 1, method);
        if (user != options.User || password != options.Password)
        {
            throw new XapiFault("SESSION_AUTHENTICATION_FAILED", user, "Authentication failure");
        }

        var session = new Session(XapiClasses.NewRef(), hostRef, user, slaveLocal);
        _sessions[session.Ref] = session;
        return session.Ref;
    }

    /// <summary><c>&lt;class&gt;.get_all</c>, <c>get_all_records</c>, <c>get_all_records_where</c>, <c>get_record</c>,
    /// <c>get_by_uuid</c>, <c>get_by_name_label</c> and <c>get_&lt;field&gt;</c> of any class.</summary>
    private object? RecordCall(string method, List<object?> args)
    {
        var dot = method.IndexOf('.', StringComparison.Ordinal);
        var cls = dot > 0 ? XapiClasses.All.FirstOrDefault(c => c == method[..dot]) : null;
        if (cls is null)
        {
            throw XapiFault.MethodUnknown(method);
        }

        var call = method[(dot + 1)..];
        switch (call)
        {
            case "get_all":
                Count(method, args, 0, 0);
                return Db.Refs(cls);
            case "get_all_records":
                Count(method, args, 0, 0);
                return Db.Records(cls);
            case "get_all_records_where":
                Count(method, args, 1, 1);
                return Where(cls, XapiValues.String(args, 0, method));
            case "get_record":
                Count(method, args, 1, 1);
                return Db.Record(cls, XapiValues.String(args, 0, method));
            case "get_by_uuid":
                Count(method, args, 1, 1);
                var uuid = XapiValues.String(args, 0, method);
                return Db.RefOfUuid(cls, uuid) ?? throw XapiFault.UuidInvalid(cls, uuid);
            case "get_by_name_label":
                Count(method, args, 1, 1);
                var label = XapiValues.String(args, 0, method);
                return Db.Records(cls).Where(r => ((Dictionary<string, object?>)r.Value!).GetValueOrDefault("name_label") as string == label).Select(r => r.Key).ToList();
        }

        if (call.StartsWith("get_", StringComparison.Ordinal) && args.Count == 1)
        {
            var record = Db.Record(cls, XapiValues.String(args, 0, method));
            if (record.TryGetValue(call[4..], out var value))
            {
                return value;
            }
        }

        throw XapiFault.MethodUnknown(method);
    }

    /// <summary>The one query form clients send (resetvdis does): <c>field "NAME" = "VALUE"</c>.</summary>
    private Dictionary<string, object?> Where(string cls, string expression)
    {
        var match = WhereField().Match(expression);
        if (!match.Success)
        {
            throw new XapiFault("INTERNAL_ERROR", $"unsupported query: {expression}");
        }

        var (field, wanted) = (match.Groups[1].Value, match.Groups[2].Value);
        return Db.Records(cls).Where(r => Equals(((Dictionary<string, object?>)r.Value!).GetValueOrDefault(field)?.ToString(), wanted))
            .ToDictionary(r => r.Key, r => r.Value);
    }

    private async Task<Dictionary<string, object?>> EventFromAsync(IReadOnlyList<string> classes, string token, double timeoutSeconds, CancellationToken cancellationToken)
    {
        var wanted = classes.Select(c => c.Split('/', 2)).Select(p => (Class: XapiClasses.ByEventName(p[0]), Ref: p.Length == 2 ? p[1] : null, All: p[0] == "*"))
            .ToList();
        bool Matches(string cls, string reference) => wanted.Any(w => w.All || (w.Class == cls && (w.Ref is null || w.Ref == reference)));

        if (token.Length == 0)
        {
            // From the beginning: every object there is, as an add with its snapshot.
            var through = Db.Generation;
            var all = XapiClasses.All.SelectMany(cls => Db.Records(cls).Where(r => Matches(cls, r.Key))
                .Select(r => Event(through, cls, r.Key, "add", (Dictionary<string, object?>?)r.Value))).ToList();
            return Batch(all, through);
        }

        var generation = ParseToken(token);
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, timeoutSeconds));
        while (true)
        {
            var (changes, through) = Db.ChangesSince(generation);
            var events = changes.Where(c => Matches(c.Class, c.Ref))
                .Select(c => Event(c.Generation, c.Class, c.Ref, c.Operation, c.Operation == "del" ? null : Db.TryRecord(c.Class, c.Ref)))
                .ToList();
            var left = deadline - time.GetUtcNow();
            if (events.Count > 0 || left <= TimeSpan.Zero)
            {
                return Batch(events, through);
            }

            // Long poll: until the next change anywhere, or the caller's timeout.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(Db.ChangedAfter(through), Task.Delay(left, time, wait.Token)).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            generation = through;
        }
    }

    private Dictionary<string, object?> Batch(List<Dictionary<string, object?>> events, long through)
    {
        var counts = Db.Counts().ToDictionary(c => c.Key, c => (object?)new Int32Value(c.Value));
        counts["session"] = new Int32Value(_sessions.Count);
        return new()
        {
            ["events"] = events.Cast<object?>().ToList(),
            ["valid_ref_counts"] = counts,
            ["token"] = Token(through),
        };
    }

    private static Dictionary<string, object?> Event(long id, string cls, string reference, string operation, Dictionary<string, object?>? snapshot)
    {
        var e = new Dictionary<string, object?>
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
            ["timestamp"] = "0.0",
            ["class"] = cls.ToLowerInvariant(),
            ["operation"] = operation,
            ["ref"] = reference,
        };
        if (snapshot is not null)
        {
            // A del has no snapshot key at all.
            e["snapshot"] = snapshot;
        }

        return e;
    }

    /// <summary>XAPI's token: the database and message generations, each as twenty digits.</summary>
    private static string Token(long generation) => string.Create(CultureInfo.InvariantCulture, $"{generation:D20},{0:D20}");

    private static long ParseToken(string token)
    {
        var parts = token.Split(',');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? generation
            : throw new XapiFault("EVENT_FROM_TOKEN_PARSE_FAILURE", token);
    }

    private static string Class(string name, string method) =>
        XapiClasses.ByEventName(name) ?? throw new XapiFault("HANDLE_INVALID", name, method);

    private static List<object?> ListMethods()
    {
        var methods = new List<object?>
        {
            "system.listMethods", "session.login_with_password", "session.slave_local_login_with_password", "session.logout", "session.local_logout",
            "session.get_this_host", "event.inject", "event.from",
        };
        foreach (var cls in XapiClasses.All)
        {
            methods.AddRange(RecordCalls.Select(call => (object?)$"{cls}.{call}"));
        }

        methods.AddRange(RecoveryMethods);

        return methods;
    }

    /// <summary>XAPI counts parameters after the session (2 to 4 for login, whose last two have defaults).</summary>
    private static void Count(string method, IReadOnlyList<object?> args, int least, int most)
    {
        if (args.Count < least || args.Count > most)
        {
            throw XapiFault.ParameterCount(method, most, args.Count);
        }
    }

    [GeneratedRegex("^\\s*field\\s+\"([^\"]+)\"\\s*=\\s*\"([^\"]*)\"\\s*$")]
    private static partial Regex WhereField();
}
