using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Persistence;
using PoolDash.Web.Tests.TestSupport;

namespace PoolDash.Web.Tests.Auth;

/// <summary>Every change to the users passes one gate: the acting user's role now, from the database; and the change
/// is stored with its audit entry or not at all.</summary>
public sealed class UserAdministrationTests : IDisposable
{
    private readonly AuditWriteFailure _failure = new();
    private readonly PoolDashFactory _factory;

    public UserAdministrationTests()
    {
        var data = System.IO.Directory.CreateTempSubdirectory("pooldash-users-").FullName;
        _factory = new PoolDashFactory { DataDirectory = data, TestServices = s => StoreInterceptor.Install(s, _failure, data) };
    }

    public void Dispose() => _factory.Dispose();

    private UserDirectory Users => _factory.Services.GetRequiredService<UserDirectory>();

    [Fact]
    public async Task A_demoted_Pool_Admin_changes_no_user_whatever_their_open_page_still_holds()
    {
        await _factory.TokenAsync("alice", Role.PoolAdmin);
        // What alice's Users page captured when it opened.
        var heldByHerPage = new Operator("alice", Role.PoolAdmin);
        Assert.True((await Users.SetRoleAsync(new Operator("admin", Role.PoolAdmin), "test", "alice", Role.ReadOnly)).Done);

        var refused = await Users.CreateAsync(heldByHerPage, "web", "mallory", Role.PoolAdmin, null);

        Assert.Equal((false, "RBAC_PERMISSION_DENIED"), (refused.Done, refused.Code));
        Assert.Null(await Users.FindAsync("mallory"));
        var audit = await _factory.Services.GetRequiredService<PoolStore>().ReadAuditAsync(CancellationToken.None);
        Assert.Contains(audit, e => e is { Actor: "alice", Operation: "user-create", Outcome: AuditOutcomes.Refused } && e.Detail.Contains("RBAC_PERMISSION_DENIED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_change_whose_audit_entry_cannot_be_written_is_not_made()
    {
        await _factory.TokenAsync("alice", Role.PoolAdmin);
        _failure.Armed = true;

        await Assert.ThrowsAnyAsync<Exception>(() => Users.CreateAsync(new Operator("alice", Role.PoolAdmin), "web", "mallory", Role.PoolAdmin, null));

        _failure.Armed = false;
        Assert.Null(await Users.FindAsync("mallory"));
        Assert.DoesNotContain(await Users.ListAsync(), u => u.UserName == "mallory");
    }
}
