using System.Text.Json;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Web.Heartbeats;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// Keeps one connected pool's state current: logs in at the master, follows <c>event.from</c>, and on every batch of
/// changes reads the pool's records again and reconciles the domain with them. Two liveness channels come from here:
/// the master's view (<c>host_metrics.live</c>, which the domain weighs against PoolDash's own channels: a host they
/// disagree on is Isolated) and PoolDash's probe of every host's own XAPI. An expired session logs in again; a master
/// that does not answer is retried every few seconds, and what it said of itself stops counting meanwhile.
/// </summary>
internal sealed class XapiFollower(
    XapiConnectionRecord connection,
    string password,
    TimeSpan livenessPeriod,
    Pool pool,
    HeartbeatIngestion ingestion,
    TimeProvider time,
    ILogger logger,
    Action<Guid> changed,
    PoolDescription? justRead = null) : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private static readonly string[] Classes = ["pool", "host", "host_metrics", "vm", "vdi", "vbd", "sr", "pbd"];

    private readonly HttpClient _http = new(PinnedCertificate.Handler(connection.TlsFingerprint)) { Timeout = TimeSpan.FromSeconds(90) };
    // What connecting read counts until the first event batch reads the pool again.
    private volatile IReadOnlySet<Guid> _live = justRead?.Hosts.Where(h => h.Liveness != Liveness.Dead).Select(h => h.Id).ToHashSet() ?? [];
    private volatile XapiConnectionStatus _status = new(connection.MasterAddress, justRead is null ? null : connection.ConnectedAt, null,
        [.. justRead?.Hosts.Where(h => h.Liveness != Liveness.Dead).Select(h => h.Id) ?? []]);

    // The members' addresses from the last read, to ask who the master is when it does not answer.
    private volatile IReadOnlyList<(Guid Id, string Name, string Address)> _hosts = [.. (justRead?.Hosts ?? []).Select(h => (h.Id, h.Name, h.Address))];
    private Uri _master = new(connection.MasterAddress);
    private volatile bool _masterHeard = justRead is not null;

    public XapiConnectionStatus Status => _status;

    public Task RunAsync(CancellationToken stopping) => Task.WhenAll(FollowAsync(stopping), WatchLivenessAsync(stopping));

    /// <summary>The pool as its records are now, applied at once (connecting reads it this way too).</summary>
    public void Apply(PoolDescription observed)
    {
        var live = observed.Hosts.Where(h => h.Liveness != Liveness.Dead).Select(h => h.Id).ToHashSet();
        _live = live;
        _hosts = [.. observed.Hosts.Select(h => (h.Id, h.Name, h.Address))];
        pool.Reconcile(observed);
        _masterHeard = true;
        ingestion.MasterView(pool, live);
        _status = _status with { LastSynchronisedAt = time.GetUtcNow(), LastError = null, HostsLiveForXapi = [.. live] };
        changed(pool.Id);
    }

    /// <summary>
    /// Sends one step's call: a session of its own at the master (or, for an emergency call, a <c>slave_local</c> one
    /// at the member's own address), the objects' refs looked up by uuid, the call, the logout. XAPI's refusal comes
    /// back as <see cref="XapiException"/>; a call that gets no answer as the transport's exception. Never retried.
    /// </summary>
    public async Task<System.Text.Json.JsonElement> CallAsync(StepCall call, CancellationToken cancellationToken)
    {
        var at = call.AtHost is { } hostId && _hosts.FirstOrDefault(h => h.Id == hostId) is { Address.Length: > 0 } host
            ? At(host.Address)
            : _master;
        var client = new XapiClient(_http, at);
        var session = call.SlaveLocal
            ? (await client.CallAsync("session.slave_local_login_with_password", [connection.UserName, password], cancellationToken).ConfigureAwait(false)).GetString()!
            : await client.LoginAsync(connection.UserName, password, cancellationToken).ConfigureAwait(false);
        var args = new List<object?> { session };
        foreach (var arg in call.Args)
        {
            args.Add(arg is StepCall.Ref r
                ? (await client.CallAsync($"{r.Class}.get_by_uuid", [session, r.Uuid.ToString()], cancellationToken).ConfigureAwait(false)).GetString()
                : arg);
        }

        var answer = await client.CallAsync(call.Method, args, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.CallAsync(call.SlaveLocal ? "session.local_logout" : "session.logout", [session], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XapiException or HttpRequestException or TaskCanceledException)
        {
            // The call was answered; a host restarting after an emergency call drops the logout.
        }

        return answer;
    }

    /// <summary>
    /// Before an emergency transition: the members (the candidate included) that still have a master — each asked at
    /// its own address, with a <c>slave_local</c> session, whether it is in emergency mode. One that is not still reaches
    /// the master, which is then cut off from PoolDash, not dead. Members that do not answer are not counted.
    /// </summary>
    public async Task<IReadOnlyList<string>> MembersWithAMasterAsync(Guid oldMaster, CancellationToken cancellationToken)
    {
        var still = new List<string>();
        foreach (var (id, name, address) in _hosts.Where(h => h.Id != oldMaster && h.Address.Length > 0))
        {
            var member = new XapiClient(_http, At(address));
            try
            {
                var session = (await member.CallAsync("session.slave_local_login_with_password", [connection.UserName, password], cancellationToken)
                    .ConfigureAwait(false)).GetString();
                var alone = (await member.CallAsync("host.is_in_emergency_mode", [session], cancellationToken).ConfigureAwait(false)).GetBoolean();
                await member.CallAsync("session.local_logout", [session], cancellationToken).ConfigureAwait(false);
                if (!alone)
                {
                    still.Add(name);
                }
            }
            catch (Exception e) when (e is XapiException or HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                // Silent or refusing: no evidence either way.
            }
        }

        return still;
    }

    /// <summary>The names of the hosts a step's answer lists by ref (recover_slaves' accepted hosts).</summary>
    public async Task<IReadOnlyList<string>> HostNamesAsync(IEnumerable<string> refs, CancellationToken cancellationToken)
    {
        var client = new XapiClient(_http, _master);
        var session = await client.LoginAsync(connection.UserName, password, cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        foreach (var reference in refs)
        {
            names.Add((await client.CallAsync("host.get_name_label", [session, reference], cancellationToken).ConfigureAwait(false)).GetString() ?? reference);
        }

        await client.LogoutAsync(session, cancellationToken).ConfigureAwait(false);
        return names;
    }

    /// <summary>Reads the pool again now (an operator's "read the pool again"), at the master PoolDash follows.</summary>
    public async Task ReadNowAsync(CancellationToken cancellationToken)
    {
        var client = new XapiClient(_http, _master);
        var session = await client.LoginAsync(connection.UserName, password, cancellationToken).ConfigureAwait(false);
        Apply(await XapiPoolReader.ReadAsync(client, session, cancellationToken).ConfigureAwait(false));
        await client.LogoutAsync(session, cancellationToken).ConfigureAwait(false);
    }

    private async Task FollowAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = new XapiClient(_http, _master);
            try
            {
                var session = await client.LoginAsync(connection.UserName, password, stopping).ConfigureAwait(false);
                var token = "";
                while (!stopping.IsCancellationRequested)
                {
                    var batch = await client.CallAsync("event.from", [session, Classes, token, 30.0], stopping).ConfigureAwait(false);
                    var first = token.Length == 0;
                    token = batch.GetProperty("token").GetString() ?? "";
                    if (first || batch.GetProperty("events").GetArrayLength() > 0)
                    {
                        var read = await XapiPoolReader.ReadAsync(client, session, stopping).ConfigureAwait(false);
                        Apply(read);
                        await AskXapiHaPlanAsync(client, session, read.HaEnabled, stopping).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is XapiException or HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                // SESSION_INVALID logs in again at once; a silent master sends PoolDash to the members; anything else waits.
                _status = _status with { LastError = e is XapiException x ? x.Message : $"{_master} did not answer: {e.Message}" };
                var followed = _master;
                if (e is HttpRequestException or TaskCanceledException)
                {
                    // What the master said of the others stands until a master is heard again (losing sight of it
                    // must not make anyone look dead); what it said of itself no longer counts.
                    _masterHeard = false;
                    ingestion.MasterViewLost(pool);
                    _status = _status with { HostsLiveForXapi = [] };
                    await AskTheMembersAsync(stopping).ConfigureAwait(false);
                }

                changed(pool.Id);
                // A new master found among the members, or an expired session: at once.
                if (_master == followed && e is not XapiException { Code: Domain.Errors.XapiErrorNames.SessionInvalid })
                {
                    logger.LogWarning("Pool {PoolId} at {Address}: {Error}; trying again in {Seconds} s", pool.Id, connection.MasterAddress, _status.LastError,
                        RetryAfter.TotalSeconds);
                    await Task.Delay(RetryAfter, time, stopping).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// With HA on, XAPI's own count of the failures the pool tolerates, over the VMs protected now, to show beside
    /// PoolDash's (a difference is flagged on the page). Asked after every read that changed the pool, so the two
    /// figures are of the same pool; a refusal is shown as the last error and changes nothing else.
    /// </summary>
    private async Task AskXapiHaPlanAsync(XapiClient client, string session, bool haEnabled, CancellationToken stopping)
    {
        if (!haEnabled)
        {
            if (_status.XapiHaTolerates is not null)
            {
                _status = _status with { XapiHaTolerates = null, XapiHaAskedAt = null };
                changed(pool.Id);
            }

            return;
        }

        var now = time.GetUtcNow();
        try
        {
            var vms = await client.AllRecordsAsync(session, "VM", stopping).ConfigureAwait(false);
            var configuration = vms.Where(v => v.Value.GetProperty("ha_restart_priority").GetString() is "restart" or "best-effort"
                    && !v.Value.GetProperty("is_a_template").GetBoolean() && !v.Value.GetProperty("is_control_domain").GetBoolean())
                .ToDictionary(v => v.Key, v => (object?)v.Value.GetProperty("ha_restart_priority").GetString());
            var tolerates = (await client.CallAsync("pool.ha_compute_hypothetical_max_host_failures_to_tolerate", [session, configuration], stopping)
                .ConfigureAwait(false)).GetInt64();
            _status = _status with { XapiHaTolerates = tolerates, XapiHaAskedAt = now };
        }
        catch (XapiException e)
        {
            _status = _status with { XapiHaTolerates = null, XapiHaAskedAt = now, LastError = $"pool.ha_compute_hypothetical_max_host_failures_to_tolerate: {e.Message}" };
        }

        changed(pool.Id);
    }

    /// <summary>
    /// The master does not answer: each member's own XAPI says which master it follows (<c>HOST_IS_SLAVE</c>), and a
    /// host that answers a login is the master now (promoted, or elected by HA). Following the members tells a new
    /// master from the guide's "members wait for the master".
    /// </summary>
    private async Task AskTheMembersAsync(CancellationToken stopping)
    {
        var waiting = new List<string>();
        foreach (var (_, name, address) in _hosts)
        {
            var member = At(address);
            if (member == _master)
            {
                continue;
            }

            try
            {
                var client = new XapiClient(_http, member);
                var session = await client.LoginAsync(connection.UserName, password, stopping).ConfigureAwait(false);
                await client.LogoutAsync(session, stopping).ConfigureAwait(false);
                logger.LogWarning("Pool {PoolId}: {Old} does not answer and {New} is its master now; following it", pool.Id, _master, member);
                _master = member;
                _status = _status with { MasterAddress = member.GetLeftPart(UriPartial.Authority), LastError = null };
                return;
            }
            catch (XapiException e) when (e.Code == Domain.Errors.XapiErrorNames.HostIsSlave && e.Parameters.Count > 0)
            {
                if (e.Parameters[0] == _master.Host)
                {
                    waiting.Add(name);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                // That member is silent too.
            }
        }

        _status = _status with
        {
            LastError = waiting.Count == 0
                ? $"neither the master at {_master.Host} nor any member answers"
                : $"the master at {_master.Host} does not answer; {string.Join(", ", waiting.Order(StringComparer.Ordinal))} still follow it: the members wait for the master (if it is really dead, promote one with pool-emergency-transition-to-master)",
        };
    }

    /// <summary>
    /// The agentless probe: each host's own XAPI is asked for a login with no credentials. Any XAPI answer (a member's
    /// <c>HOST_IS_SLAVE</c>, the master's refusal of the empty password) proves xapi is up on that host, a sign of life
    /// of its own; a refused or timed-out connection is silence.
    /// </summary>
    /// <returns>The host's id when its xapi answered.</returns>
    private async Task<Guid?> ProbeAsync(Guid hostId, string address, CancellationToken stopping)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        patience.CancelAfter(ProbeTimeout);
        var host = new XapiClient(_http, At(address));
        try
        {
            var session = await host.LoginAsync("", "", patience.Token).ConfigureAwait(false);
            await host.LogoutAsync(session, patience.Token).ConfigureAwait(false);
        }
        catch (XapiException)
        {
            // xapi answered: the host is up, whatever it refused.
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            // No answer, whatever way it failed (refused, reset, timed out in the headers or in the body): silence.
            // An exception let through here once ended the pool's probe rounds for good.
            return null;
        }

        ingestion.SignOfLife(pool, hostId, LivenessChannel.Probe);
        return hostId;
    }

    /// <summary>Every period: the master's view again while it is heard (so the page can say how fresh it is), and a
    /// sign of life for each host whose own XAPI answers the probe.</summary>
    private async Task WatchLivenessAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(livenessPeriod, time);
        try
        {
            do
            {
                try
                {
                    if (_masterHeard)
                    {
                        ingestion.MasterView(pool, _live);
                    }

                    var startedAt = time.GetUtcNow();
                    var answered = await Task.WhenAll(_hosts.Select(h => ProbeAsync(h.Id, h.Address, stopping))).ConfigureAwait(false);
                    _status = _status with { HostsAnsweringProbe = [.. answered.OfType<Guid>()], LastProbedAt = startedAt };
                    changed(pool.Id);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    // One round gone wrong must not end the rounds: without them a silent host is never judged.
                    logger.LogError(e, "Probe round of pool {PoolId} failed; the next one runs at its time", pool.Id);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>A host's own XAPI endpoint: its address, on the master's scheme and port.</summary>
    private Uri At(string address) => new UriBuilder(_master) { Host = address }.Uri;

    public void Dispose() => _http.Dispose();
}
