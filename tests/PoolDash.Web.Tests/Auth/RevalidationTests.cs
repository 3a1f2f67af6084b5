using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Auth;

namespace PoolDash.Web.Tests.Auth;

/// <summary>A live page's sign-in stops counting once a Pool Admin changes the user's role, or the user is locked
/// out or deleted.</summary>
public sealed class RevalidationTests : IDisposable
{
    private readonly PoolDashFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_role_change_a_lockout_and_a_deletion_each_end_an_open_pages_sign_in()
    {
        await _factory.TokenAsync("paula", Role.PoolOperator);
        var users = _factory.Services.GetRequiredService<UserDirectory>();
        var admin = new Operator("admin", Role.PoolAdmin);

        Assert.True(await IsValidAsync(await PrincipalAsync("paula")));

        var beforeRoleChange = await PrincipalAsync("paula");
        Assert.True((await users.SetRoleAsync(admin, "test", "paula", Role.ReadOnly)).Done);
        Assert.False(await IsValidAsync(beforeRoleChange));
        Assert.True(await IsValidAsync(await PrincipalAsync("paula")));

        var beforeLockout = await PrincipalAsync("paula");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<PoolDashUser>>();
            await manager.SetLockoutEndDateAsync((await manager.FindByNameAsync("paula"))!, DateTimeOffset.MaxValue);
        }

        Assert.False(await IsValidAsync(beforeLockout));
        Assert.True((await users.UnlockAsync(admin, "test", "paula")).Done);
        var beforeDeletion = await PrincipalAsync("paula");
        Assert.True((await users.DeleteAsync(admin, "test", "paula")).Done);
        Assert.False(await IsValidAsync(beforeDeletion));
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(string userName)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PoolDashUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PoolDashUser>>();
        return await factory.CreateAsync((await manager.FindByNameAsync(userName))!);
    }

    private async Task<bool> IsValidAsync(ClaimsPrincipal principal)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var state = (RevalidatingAuthenticationState)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        return await state.IsStillValidAsync(principal);
    }
}
