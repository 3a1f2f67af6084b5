using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Web.Components.Pages;
using PoolDash.Web.Notifications;

namespace PoolDash.Web.Tests.Components.Pages;

/// <summary>The Notifications page: a Pool Admin adds a signed webhook; it is listed without its secret; a bad URL is
/// refused with what to do; the test button's failure is shown as the channel's last error.</summary>
public class NotificationsPageTests : PoolDashTestContext
{
    private const string Secret = "a-shared-secret-of-some-length";

    [Fact]
    public async Task A_webhook_added_on_the_page_is_listed_without_its_secret_and_its_failed_test_is_its_last_error()
    {
        var page = Render<NotificationsPage>();
        Assert.Contains("No channel yet", page.Markup, StringComparison.Ordinal);

        page.Find("[data-testid=channel-name]").Input("ops-hook");
        page.Find("[data-testid=channel-url]").Change("ftp://example.org/hook");
        page.Find("[data-testid=channel-secret]").Change(Secret);
        page.Find("[data-testid=channel-save]").Click();
        page.WaitForAssertion(() => Assert.StartsWith("INVALID_VALUE: The value given for url is invalid", page.Find("[data-testid=channel-form-error]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=channel-row]"));

        // Nothing listens on port 9 of loopback: the test message cannot be delivered.
        page.Find("[data-testid=channel-url]").Change("http://127.0.0.1:9/hook");
        page.Find("[data-testid=channel-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("ops-hook", page.Find("[data-testid=channel-row]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, page.Markup, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9/hook", page.Find("[data-testid=channel-row]").TextContent, StringComparison.Ordinal);

        page.FindAll("[data-testid=channel-row] button").Single(b => b.TextContent == "Send a test").Click();
        page.WaitForAssertion(() => Assert.StartsWith("ops-hook did not take the test message", page.Find("[data-testid=channel-said]").TextContent.Trim(),
            StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("did not answer", page.Find("[data-testid=channel-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, (await Services.GetRequiredService<NotificationChannels>().ListAsync(CancellationToken.None)).Single().ConsecutiveFailures);
    }
}
