using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Persistence;

namespace PoolDash.Web.Kiosk;

/// <summary>
/// Kiosk links: a Pool Admin makes one per wall screen; its long random token is shown once and stored hashed. It opens
/// the wall and nothing else, and never expires with anyone's session; revoking it shuts the screen within seconds.
/// Creation, each use and revocation are audited.
/// </summary>
internal sealed class KioskLinks(DbContextOptions<PoolDashDb> options, PoolStore store, TimeProvider time) : IDisposable
{
    public const Role Manager = Role.PoolAdmin;
    public const string OperationCreate = "kiosk-link-create";
    public const string OperationUse = "kiosk-link-use";
    public const string OperationRevoke = "kiosk-link-revoke";
    public const int MaxNameLength = 80;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private ConcurrentDictionary<Guid, KioskLinkRecord>? _active;

    public void Dispose() => _loading.Dispose();

    /// <summary>A link was revoked: screens signed in with it stop showing the wall.</summary>
    public event Action<KioskLinkRecord>? Revoked;

    public async Task<(CreatedKioskLink? Created, XapiError? Error)> CreateAsync(Operator who, string origin, string? name, Uri baseAddress)
    {
        if (who.Role < Manager)
        {
            return (null, Xapi.PermissionDenied(OperationCreate, who.Role, Manager));
        }

        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength || trimmed.Any(char.IsControl))
        {
            return (null, Xapi.InvalidValue("name", $"'{name}' (the screen's name, 1 to {MaxNameLength} characters, e.g. \"Lobby TV\")"));
        }

        // 256 random bits: guessing one is out of reach, so a link needs no expiry to stay safe.
        var token = SecretTokens.New();
        var link = new KioskLinkRecord { Id = Guid.NewGuid(), Name = trimmed, TokenHash = Hash(token), CreatedBy = who.Name, CreatedAt = time.GetUtcNow() };
        await SaveAsync(db => db.KioskLinks.Add(link), Entry(link.CreatedAt, who.Name, origin, OperationCreate, link, $"kiosk link '{link.Name}' opens the wall"))
            .ConfigureAwait(false);
        (await ActiveAsync().ConfigureAwait(false))[link.Id] = link;
        return (new CreatedKioskLink(link.Id, link.Name, new Uri(baseAddress, $"kiosk/{token}").ToString()), null);
    }

    public async Task<(IReadOnlyList<KioskLinkView>? Links, XapiError? Error)> ListAsync(Operator who, CancellationToken cancellationToken)
    {
        if (who.Role < Manager)
        {
            return (null, Xapi.PermissionDenied("kiosk-link-list", who.Role, Manager));
        }

        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            var links = await db.KioskLinks.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            return ([.. links.OrderByDescending(l => l.CreatedAt).Select(KioskLinkView.Of)], null);
        }
    }

    public async Task<XapiError?> RevokeAsync(Operator who, string origin, Guid id)
    {
        if (who.Role < Manager)
        {
            return Xapi.PermissionDenied(OperationRevoke, who.Role, Manager);
        }

        KioskLinkRecord? revoked = null;
        var now = time.GetUtcNow();
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            var found = await store.ChangeWithAuditAsync(db, async () =>
            {
                var link = await db.KioskLinks.SingleOrDefaultAsync(l => l.Id == id).ConfigureAwait(false);
                if (link is null)
                {
                    return (false, (IReadOnlyList<AuditDraft>)[]);
                }

                if (link.RevokedAt is not null)
                {
                    // Already revoked: saying so again changes nothing and records nothing.
                    return (true, (IReadOnlyList<AuditDraft>)[]);
                }

                link.RevokedAt = now;
                link.RevokedBy = who.Name;
                revoked = link;
                return (true, (IReadOnlyList<AuditDraft>)[Entry(now, who.Name, origin, OperationRevoke, link, $"kiosk link '{link.Name}' revoked")]);
            }, CancellationToken.None).ConfigureAwait(false);
            if (!found)
            {
                return Xapi.UuidInvalid("kiosk link", id);
            }
        }

        if (revoked is not null)
        {
            (await ActiveAsync().ConfigureAwait(false)).TryRemove(id, out _);
            Revoked?.Invoke(revoked);
        }

        return null;
    }

    /// <summary>The link a token opens, recording its use; null for a token that is unknown or revoked.</summary>
    public async Task<KioskLinkRecord?> UseAsync(string token, string origin)
    {
        var hash = Hash(token);
        var link = (await ActiveAsync().ConfigureAwait(false)).Values.FirstOrDefault(l => CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(l.TokenHash), Encoding.ASCII.GetBytes(hash)));
        if (link is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await SaveAsync(db =>
        {
            db.KioskLinks.Attach(link);
            link.LastUsedAt = now;
        }, Entry(now, link.Name, origin, OperationUse, link, $"kiosk link '{link.Name}' opened the wall")).ConfigureAwait(false);
        return link;
    }

    /// <summary>Whether a signed-in screen's link still stands (read on each request and each revalidation).</summary>
    public async Task<bool> IsActiveAsync(Guid id) => (await ActiveAsync().ConfigureAwait(false)).ContainsKey(id);

    private async Task<ConcurrentDictionary<Guid, KioskLinkRecord>> ActiveAsync()
    {
        if (Volatile.Read(ref _active) is { } active)
        {
            return active;
        }

        await _loading.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_active is null)
            {
                var db = new PoolDashDb(options);
                await using (db.ConfigureAwait(false))
                {
                    var links = await db.KioskLinks.AsNoTracking().Where(l => l.RevokedAt == null).ToListAsync().ConfigureAwait(false);
                    Volatile.Write(ref _active, new ConcurrentDictionary<Guid, KioskLinkRecord>(links.ToDictionary(l => l.Id)));
                }
            }

            return _active!;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task SaveAsync(Action<PoolDashDb> change, AuditDraft entry)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            await store.ChangeWithAuditAsync(db, () =>
            {
                change(db);
                return Task.FromResult((true, (IReadOnlyList<AuditDraft>)[entry]));
            }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static AuditDraft Entry(DateTimeOffset at, string actor, string origin, string operation, KioskLinkRecord link, string detail) =>
        new(at, actor, origin, null, link.Id, operation, AuditOutcomes.Performed, detail);

    private static string Hash(string token) => Convert.ToHexStringLower(SecretTokens.Hash(token));
}
