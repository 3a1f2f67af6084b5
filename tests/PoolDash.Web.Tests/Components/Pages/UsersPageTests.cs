using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Web.Auth;
using PoolDash.Web.Components.Pages;

namespace PoolDash.Web.Tests.Components.Pages;

/// <summary>The Users page: a Pool Admin creates a user with a one-time password shown once, and cannot delete
/// themself.</summary>
public class UsersPageTests : PoolDashTestContext
{
    [Fact]
    public async Task A_new_user_gets_a_one_time_password_that_signs_in_once_and_must_be_changed()
    {
        var page = Render<UsersPage>();

        page.Find("input[aria-label='New user name']").Input("oscar");
        page.FindAll("button").Single(b => b.TextContent == "Create").Click();

        var shown = page.WaitForElement("[data-testid=one-time-password] code").TextContent;
        var users = Services.GetRequiredService<UserDirectory>();
        var oscar = (await users.ListAsync()).Single(u => u.UserName == "oscar");
        Assert.Equal(("Read Only", true), (oscar.Role, oscar.MustChangePassword));
        using var scope = Services.CreateScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PoolDashUser>>();
        Assert.True(await manager.CheckPasswordAsync((await manager.FindByNameAsync("oscar"))!, shown));
        Assert.Contains(page.FindAll("[data-testid=user-row]"), r => r.TextContent.Contains("must choose a password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Pool_Admin_cannot_delete_themself()
    {
        var page = Render<UsersPage>();
        var row = page.FindAll("[data-testid=user-row]").Single(r => r.TextContent.StartsWith("alice (you)", StringComparison.Ordinal));

        row.QuerySelectorAll("button").Single(b => b.TextContent == "Delete").Click();

        // The refusal is audited when the page's handler has finished: wait on that record, not on a timer.
        await TestSupport.Await.AuditAsync(Store, e => e is { Actor: "alice", Operation: "user-delete", Outcome: "refused" }
            && e.Detail.Contains("CANNOT_DELETE_SELF", StringComparison.Ordinal));

        Assert.NotNull(await Services.GetRequiredService<UserDirectory>().FindAsync("alice"));
    }
}
