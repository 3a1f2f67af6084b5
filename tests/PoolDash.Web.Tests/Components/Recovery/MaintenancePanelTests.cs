using Bunit;
using PoolDash.Web.Components.Pages;

namespace PoolDash.Web.Tests.Components.Recovery;

/// <summary>The pool page's maintenance windows: a Pool Operator sets one for a host, it is listed with who and why, the
/// host shows "in maintenance", and it ends early on request.</summary>
public class MaintenancePanelTests : PoolDashTestContext
{
    [Fact]
    public void A_window_set_on_the_page_is_listed_shown_on_its_host_and_ended_early()
    {
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, Demo.Id));
        Assert.Contains("None: every silence counts.", page.Find("[data-testid=maintenance]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=maintenance-reason]").Change("kernel update");
        page.Find("[data-testid=maintenance-start]").Click();

        page.WaitForAssertion(() => Assert.Contains("The whole pool until", page.Find("[data-testid=maintenance-window]").TextContent, StringComparison.Ordinal));
        Assert.Contains("kernel update (alice)", page.Find("[data-testid=maintenance-window]").TextContent, StringComparison.Ordinal);
        Assert.All(page.FindAll("[data-testid=host-row]"), row => Assert.Contains("in maintenance until", row.TextContent, StringComparison.Ordinal));

        page.FindAll("[data-testid=maintenance-window] button").Single(b => b.TextContent == "End now").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=maintenance-window]")));
        Assert.DoesNotContain(page.FindAll("[data-testid=host-row]"), row => row.TextContent.Contains("in maintenance", StringComparison.Ordinal));
    }
}
