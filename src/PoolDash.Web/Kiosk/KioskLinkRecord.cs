namespace PoolDash.Web.Kiosk;

/// <summary>A named, read-only link a wall screen signs in with. The token itself is never stored: only its SHA-256.</summary>
public sealed class KioskLinkRecord
{
    public Guid Id { get; set; }

    /// <summary>The device's name, as presence shows it ("Lobby TV").</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public string? RevokedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A kiosk link as the API lists it (never its token).</summary>
public sealed record KioskLinkView(Guid Id, string Name, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string? RevokedBy,
    DateTimeOffset? RevokedAt)
{
    public static KioskLinkView Of(KioskLinkRecord link) => new(link.Id, link.Name, link.CreatedBy, link.CreatedAt, link.LastUsedAt, link.RevokedBy, link.RevokedAt);
}

/// <summary><c>POST /api/v1/kiosk-links</c>.</summary>
public sealed record KioskLinkRequest(string? Name);

/// <summary>The answer to a created link: its URL, with the token, shown this once.</summary>
public sealed record CreatedKioskLink(Guid Id, string Name, string Url);
