using System.Security.Claims;

namespace PoolDash.Web.Kiosk;

/// <summary>Who a wall screen signed in with a kiosk link is: the device, by its link's name; never a user.</summary>
internal static class KioskPrincipal
{
    public const string Scheme = "PoolDash.Kiosk";
    public const string LinkClaim = "pooldash:kiosk-link";

    public static ClaimsPrincipal For(KioskLinkRecord link) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, link.Name), new Claim(LinkClaim, link.Id.ToString())], Scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The kiosk link the principal signed in with, or null for a person.</summary>
    public static Guid? LinkId(ClaimsPrincipal? principal) =>
        principal?.FindFirst(LinkClaim)?.Value is { } value && Guid.TryParse(value, out var id) ? id : null;
}
