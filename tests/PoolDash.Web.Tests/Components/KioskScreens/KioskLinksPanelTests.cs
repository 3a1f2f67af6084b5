using Bunit;
using PoolDash.Web.Components.Kiosk;

namespace PoolDash.Web.Tests.Components.KioskScreens;

/// <summary>The Users page's wall screens: a link made is shown once with its URL and listed by name; revoked, it says by whom.</summary>
public class KioskLinksPanelTests : PoolDashTestContext
{
    [Fact]
    public void A_link_is_made_shown_once_listed_and_revoked()
    {
        var panel = Render<KioskLinksPanel>();
        Assert.Empty(panel.FindAll("[data-testid=kiosk-link-row]"));

        panel.Find("input[aria-label='Screen name']").Input("Lobby TV");
        panel.FindAll("button").Single(b => b.TextContent.Contains("Make link", StringComparison.Ordinal)).Click();

        panel.WaitForAssertion(() => Assert.Matches("Link for Lobby TV: http://localhost/kiosk/[A-Za-z0-9_-]{43} — open it on the screen now",
            panel.Find("[data-testid=kiosk-link-url]").TextContent));
        var row = panel.Find("[data-testid=kiosk-link-row]");
        Assert.Contains("Lobby TV", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("never", row.TextContent, StringComparison.Ordinal);

        panel.FindAll("button").Single(b => b.TextContent.Contains("Revoke", StringComparison.Ordinal)).Click();

        panel.WaitForAssertion(() => Assert.Contains("revoked by alice", panel.Find("[data-testid=kiosk-link-row]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(panel.FindAll("button"), b => b.TextContent.Contains("Revoke", StringComparison.Ordinal));
    }
}
