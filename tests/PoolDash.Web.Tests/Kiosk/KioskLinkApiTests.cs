using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Tests.Kiosk;

/// <summary>
/// Kiosk links: a Pool Admin makes a named link for a wall screen (its token shown once, stored hashed); it opens the
/// wall and its live connection and nothing else, outlives every user session, and once revoked opens nothing.
/// Creation, use and revocation are audited.
/// </summary>
public sealed class KioskLinkApiTests : IDisposable
{
    private readonly PoolDashFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_link_opens_the_wall_only_never_the_api_or_other_pages_and_once_revoked_nothing()
    {
        using var admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        using var created = await admin.PostAsJsonAsync("/api/v1/kiosk-links", new { name = "Lobby TV" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var link = await created.Content.ReadFromJsonAsync<JsonElement>();
        var url = new Uri(link.GetProperty("url").GetString()!);
        var token = url.AbsolutePath["/kiosk/".Length..];
        Assert.True(token.Length >= 43, token);
        var id = link.GetProperty("id").GetString()!;

        // The list never shows the token (nor anything it could be rebuilt from).
        var list = await admin.GetStringAsync(new Uri("/api/v1/kiosk-links", UriKind.Relative));
        Assert.Contains("\"name\":\"Lobby TV\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.DoesNotContain("tokenHash", list, StringComparison.OrdinalIgnoreCase);

        using var screen = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        using (var opened = await screen.GetAsync(new Uri(url.PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
            Assert.Equal("/wall", opened.Headers.Location!.OriginalString);
            Assert.Contains(opened.Headers.GetValues("Set-Cookie"), c => c.StartsWith("PoolDash.Kiosk=", StringComparison.Ordinal) && c.Contains("expires=", StringComparison.OrdinalIgnoreCase));
        }

        using (var wall = await screen.GetAsync(new Uri("/wall", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
        }

        // Anything but the wall: the screen is nobody.
        using (var api = await screen.GetAsync(new Uri("/api/v1/pools", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        using (var page = await screen.GetAsync(new Uri("/audit", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/account/login", page.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        using (var revoke = await admin.DeleteAsync(new Uri($"/api/v1/kiosk-links/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var wall = await screen.GetAsync(new Uri("/wall", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, wall.StatusCode);
        }

        using (var again = await screen.GetAsync(new Uri(url.PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Contains("This kiosk link does not open the wall", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var revoked = await admin.GetFromJsonAsync<JsonElement>("/api/v1/kiosk-links");
        var entry = revoked.EnumerateArray().Single(l => l.GetProperty("id").GetString() == id);
        Assert.Equal("alice", entry.GetProperty("revokedBy").GetString());
        Assert.NotEqual(JsonValueKind.Null, entry.GetProperty("lastUsedAt").ValueKind);

        var audit = await admin.GetStringAsync(new Uri($"/api/v1/audit?objectId={id}", UriKind.Relative));
        Assert.Contains("\"operation\":\"kiosk-link-create\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"operation\":\"kiosk-link-use\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"operation\":\"kiosk-link-revoke\"", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(token, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_names_roles_below_pool_admin_and_unknown_links_get_problems_and_nothing_is_stored()
    {
        using var admin = await _factory.ClientAsync("alice", Role.PoolAdmin);
        foreach (var name in new[] { "", "   ", new string('x', 81), "tv\nwall" })
        {
            using var bad = await admin.PostAsJsonAsync("/api/v1/kiosk-links", new { name });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("INVALID_VALUE", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using (var notJson = await admin.PostAsync(new Uri("/api/v1/kiosk-links", UriKind.Relative), new StringContent("{", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        }

        using var operatorClient = await _factory.ClientAsync("victor", Role.PoolOperator);
        using (var refused = await operatorClient.PostAsJsonAsync("/api/v1/kiosk-links", new { name = "Lobby TV" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("RBAC_PERMISSION_DENIED", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using (var refusedList = await operatorClient.GetAsync(new Uri("/api/v1/kiosk-links", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refusedList.StatusCode);
        }

        using (var unknown = await admin.DeleteAsync(new Uri($"/api/v1/kiosk-links/{Guid.NewGuid()}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("UUID_INVALID", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using var screen = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        using (var guessed = await screen.GetAsync(new Uri("/kiosk/not-a-token-anyone-issued", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        }

        Assert.Equal("[]", await admin.GetStringAsync(new Uri("/api/v1/kiosk-links", UriKind.Relative)));
    }
}
