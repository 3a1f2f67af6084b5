using System.Security.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PoolDash.Domain.Errors;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Heartbeats;
using PoolDash.Web.Pools;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// The pools PoolDash reaches through XAPI. Connecting logs in at the master, reads the pool, brings it in through
/// the audited pool gate, stores the access (password protected with Data Protection) and follows the pool from then
/// on; at start every stored connection is followed again.
/// </summary>
internal sealed class XapiConnections(
    PoolService pools,
    PoolRegistry registry,
    ConnectedPools connected,
    XapiFollowers followers,
    XapiConnectionStore store,
    HeartbeatIngestion ingestion,
    IDataProtectionProvider protection,
    IOptions<XapiOptions> options,
    TimeProvider time,
    ILoggerFactory logs) : BackgroundService
{
    private readonly IDataProtector _protector = protection.CreateProtector("PoolDash.XapiPools.Credentials");
    private readonly TaskCompletionSource<CancellationToken> _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A connected pool's status changed: read again, or not answering (pages show it).</summary>
    public event Action<Guid>? StatusChanged
    {
        add => followers.StatusChanged += value;
        remove => followers.StatusChanged -= value;
    }

    public XapiConnectionStatus? StatusOf(Guid poolId) => followers.Find(poolId)?.Status;

    /// <summary>Reads a connected pool again now (nothing for a pool not connected).</summary>
    public Task ReadNowAsync(Guid poolId, CancellationToken cancellationToken) =>
        followers.Find(poolId)?.ReadNowAsync(cancellationToken) ?? Task.CompletedTask;

    /// <param name="embedded">PoolDash's own demo emulator on loopback: plain HTTP, and its access is not stored (the
    /// demo connects afresh at each start, see <see cref="FollowEmbedded"/>).</param>
    public async Task<(Guid? PoolId, XapiError? Error)> ConnectAsync(ConnectRequest request, Operator who, string origin, CancellationToken cancellationToken,
        bool embedded = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Address(request.MasterAddress) is not { } address || string.IsNullOrEmpty(request.UserName) || request.Password is null
            || PinnedCertificate.IsMalformed(request.TlsFingerprint))
        {
            return (null, ConnectErrors.InvalidAddress(request.MasterAddress));
        }

        if (address.Scheme == Uri.UriSchemeHttp && !options.Value.AllowPlainHttp && !embedded)
        {
            return (null, ConnectErrors.PlainHttp(address));
        }

        var connection = new XapiConnectionRecord
        {
            MasterAddress = address.GetLeftPart(UriPartial.Authority),
            UserName = request.UserName,
            ProtectedPassword = _protector.Protect(request.Password),
            TlsFingerprint = request.TlsFingerprint,
            ConnectedBy = who.Name,
            ConnectedAt = time.GetUtcNow(),
        };
        Domain.Descriptions.PoolDescription read;
        using (var http = new HttpClient(PinnedCertificate.Handler(request.TlsFingerprint)) { Timeout = TimeSpan.FromSeconds(30) })
        {
            var client = new XapiClient(http, new Uri(connection.MasterAddress));
            try
            {
                var session = await client.LoginAsync(request.UserName, request.Password, cancellationToken).ConfigureAwait(false);
                read = await XapiPoolReader.ReadAsync(client, session, cancellationToken).ConfigureAwait(false);
                await client.LogoutAsync(session, cancellationToken).ConfigureAwait(false);
            }
            catch (XapiException e)
            {
                return (null, ConnectErrors.Refused(e));
            }
            catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
            {
                return (null, ConnectErrors.Certificate(address));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (null, ConnectErrors.Unanswered(address, e.Message));
            }
        }

        var description = read with
        {
            LivenessTimeoutSeconds = request.LivenessTimeoutSeconds ?? read.LivenessTimeoutSeconds,
            TwoPersonRule = request.TwoPersonRule ?? read.TwoPersonRule,
            HaTimeoutSeconds = request.HaTimeoutSeconds ?? read.HaTimeoutSeconds,
        };
        var created = await pools.CreateAsync(description, who, origin, cancellationToken).ConfigureAwait(false);
        if (created.Pool is not { } pool)
        {
            return (null, created.Error);
        }

        connection.PoolId = pool.Id;
        if (!embedded)
        {
            await store.SaveAsync(connection, CancellationToken.None).ConfigureAwait(false);
        }

        Follow(connection, request.Password, description);
        return (pool.Id, null);
    }

    /// <summary>Follows a pool PoolDash already has through an emulator it started itself (the demo, at each start).</summary>
    public void FollowEmbedded(Guid poolId, string masterAddress, string userName, string password) =>
        Follow(new XapiConnectionRecord
        {
            PoolId = poolId,
            MasterAddress = masterAddress,
            UserName = userName,
            ProtectedPassword = _protector.Protect(password),
            ConnectedBy = AuditDrafts.System,
            ConnectedAt = time.GetUtcNow(),
        }, password);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping.TrySetResult(stoppingToken);
        foreach (var connection in await store.LoadAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                Follow(connection, _protector.Unprotect(connection.ProtectedPassword));
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                logs.CreateLogger<XapiConnections>().LogError(e,
                    "The stored password of pool {PoolId} cannot be read (the data folder's keys changed): connect the pool again", connection.PoolId);
            }
        }
    }

    private void Follow(XapiConnectionRecord connection, string password, Domain.Descriptions.PoolDescription? justRead = null)
    {
        if (registry.Find(connection.PoolId) is not { } pool)
        {
            return;
        }

        connected.Add(pool.Id, connection.MasterAddress);
        pool.FollowRealPool();
        var follower = new XapiFollower(connection, password, options.Value.ProbeInterval, pool, ingestion, time, logs.CreateLogger<XapiFollower>(), followers.Changed, justRead);
        if (followers.TryAdd(pool.Id, follower))
        {
            _ = _stopping.Task.ContinueWith(t => follower.RunAsync(t.Result), TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>An https:// (or http://) URL, or a bare host name or address taken as https.</summary>
    private static Uri? Address(string? given)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            return null;
        }

        var text = given.Contains("://", StringComparison.Ordinal) ? given.Trim() : $"https://{given.Trim()}";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
    }
}
