using System.Globalization;

namespace PoolDash.Web.Components.Shared;

/// <summary>
/// The time zone of the person at the page (their browser's, told once the page is live), for showing times as
/// they read them; UTC until then and when the browser's zone is unknown here. One per page (circuit).
/// </summary>
public sealed class ViewerClock
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>"Europe/Paris", or "UTC".</summary>
    public string ZoneName { get; private set; } = "UTC";

    /// <summary>The zone became known.</summary>
    public event Action? Changed;

    public void Set(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId) || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) || zone.Id == Zone.Id)
        {
            return;
        }

        (Zone, ZoneName) = (zone, ianaId);
        Changed?.Invoke();
    }

    /// <summary><paramref name="at"/> in the viewer's zone, formatted.</summary>
    public string Local(DateTimeOffset at, string format) => TimeZoneInfo.ConvertTime(at, Zone).ToString(format, CultureInfo.InvariantCulture);

    /// <summary><paramref name="at"/> in UTC, for the hover.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
