using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Persistence;

namespace PoolDash.Web.Auth;

/// <summary>
/// The users and their roles: who someone is at the moment a gate asks (read from the database, so a role change or
/// a lockout counts at once, whatever a cookie or token still says), and a Pool Admin's changes, each audited.
/// </summary>
internal sealed class UserDirectory(IServiceScopeFactory scopes, PoolStore store, TimeProvider time)
{
    public const string BootstrapAdmin = "admin";

    /// <summary>The signed-in user's name and current role; null for an unknown, deleted or locked-out user.</summary>
    public Task<Operator?> FindAsync(ClaimsPrincipal user) =>
        // A wall screen's kiosk link is a device, never a user, whatever its name.
        user.Identity is { IsAuthenticated: true, Name: { } name } && Kiosk.KioskPrincipal.LinkId(user) is null ? FindAsync(name) : Task.FromResult<Operator?>(null);

    public async Task<Operator?> FindAsync(string userName)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PoolDashUser>>();
        if (await users.FindByNameAsync(userName).ConfigureAwait(false) is not { } user || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            return null;
        }

        return new Operator(user.UserName!, RoleOf(await users.GetRolesAsync(user).ConfigureAwait(false)));
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync()
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PoolDashUser>>();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync().ConfigureAwait(false);
        var list = new List<UserSummary>(all.Count);
        foreach (var user in all)
        {
            var role = RoleOf(await users.GetRolesAsync(user).ConfigureAwait(false));
            // Identity decides lockouts on the real clock (it takes no TimeProvider): ask it, so that this list says
            // what sign-in does.
            var lockedUntil = await users.IsLockedOutAsync(user).ConfigureAwait(false) ? user.LockoutEnd : null;
            list.Add(new UserSummary(user.UserName!, Roles.Name(role), user.MustChangePassword, lockedUntil, user.AccessFailedCount));
        }

        return list;
    }

    /// <summary>Creates <c>admin</c>, a Pool Admin, when there are no users at all; answers the one-time password it
    /// made (to be printed once), or null when a password was configured or users exist.</summary>
    public async Task<(bool Created, string? OneTimePassword)> EnsureBootstrapAdminAsync(string? configuredPassword)
    {
        using var scope = scopes.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(Roles.Name(role)).ConfigureAwait(false))
            {
                Check(await roles.CreateAsync(new IdentityRole(Roles.Name(role))).ConfigureAwait(false));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PoolDashUser>>();
        if (await users.Users.AnyAsync().ConfigureAwait(false))
        {
            return (false, null);
        }

        var oneTime = string.IsNullOrEmpty(configuredPassword);
        var password = oneTime ? OneTimePasswords.Create() : configuredPassword!;
        var admin = new PoolDashUser { UserName = BootstrapAdmin, MustChangePassword = oneTime };
        var created = await users.CreateAsync(admin, password).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                $"PoolDash:Bootstrap:AdminPassword is not accepted: {Describe(created)}. Choose a longer password, or leave it empty for a one-time password.");
        }

        Check(await users.AddToRoleAsync(admin, Roles.Name(Role.PoolAdmin)).ConfigureAwait(false));
        await AuditAsync(AuditDrafts.System, AuditDrafts.System, "user-create", AuditOutcomes.Performed,
            $"{BootstrapAdmin}: {Roles.Name(Role.PoolAdmin)} (first start; password {(oneTime ? "one-time, printed to the console" : "from configuration")})").ConfigureAwait(false);
        return (true, oneTime ? password : null);
    }

    public Task<UserChange> CreateAsync(Operator by, string origin, string userName, Role role, string? password) =>
        ChangeAsync(by, origin, "user-create", async users =>
        {
            if (await users.FindByNameAsync(userName).ConfigureAwait(false) is not null)
            {
                return UserChange.Refused("USER_ALREADY_EXISTS", $"A user named {userName} already exists.");
            }

            var oneTime = string.IsNullOrEmpty(password);
            var initial = oneTime ? OneTimePasswords.Create() : password!;
            var user = new PoolDashUser { UserName = userName, MustChangePassword = oneTime };
            var created = await users.CreateAsync(user, initial).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                return UserChange.Refused("INVALID_USER", Describe(created));
            }

            Check(await users.AddToRoleAsync(user, Roles.Name(role)).ConfigureAwait(false));
            return UserChange.Ok($"{userName} can sign in as {Roles.Name(role)}.", oneTime ? initial : null);
        }, userName);

    public Task<UserChange> SetRoleAsync(Operator by, string origin, string userName, Role role) =>
        ChangeAsync(by, origin, "user-role", userName, async (users, user) =>
        {
            if (await IsLastPoolAdminAsync(users, user).ConfigureAwait(false) && role != Role.PoolAdmin)
            {
                return UserChange.Refused("LAST_POOL_ADMIN", $"{userName} is the last Pool Admin; make another user Pool Admin first.");
            }

            Check(await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user).ConfigureAwait(false)).ConfigureAwait(false));
            Check(await users.AddToRoleAsync(user, Roles.Name(role)).ConfigureAwait(false));
            // Cookies carrying the old role are refused at their next validation.
            Check(await users.UpdateSecurityStampAsync(user).ConfigureAwait(false));
            return UserChange.Ok($"{userName} is now {Roles.Name(role)}.");
        });

    public Task<UserChange> ResetPasswordAsync(Operator by, string origin, string userName) =>
        ChangeAsync(by, origin, "user-reset-password", userName, async (users, user) =>
        {
            var password = OneTimePasswords.Create();
            Check(await users.RemovePasswordAsync(user).ConfigureAwait(false));
            Check(await users.AddPasswordAsync(user, password).ConfigureAwait(false));
            user.MustChangePassword = true;
            Check(await users.UpdateAsync(user).ConfigureAwait(false));
            Check(await users.UpdateSecurityStampAsync(user).ConfigureAwait(false));
            return UserChange.Ok($"{userName} must sign in with the one-time password and choose a new one.", password);
        });

    public Task<UserChange> UnlockAsync(Operator by, string origin, string userName) =>
        ChangeAsync(by, origin, "user-unlock", userName, async (users, user) =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false));
            Check(await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false));
            return UserChange.Ok($"{userName} can sign in again.");
        });

    public Task<UserChange> DeleteAsync(Operator by, string origin, string userName) =>
        ChangeAsync(by, origin, "user-delete", userName, async (users, user) =>
        {
            if (string.Equals(user.UserName, by.Name, StringComparison.OrdinalIgnoreCase))
            {
                return UserChange.Refused("CANNOT_DELETE_SELF", "You cannot delete your own user; ask another Pool Admin.");
            }

            if (await IsLastPoolAdminAsync(users, user).ConfigureAwait(false))
            {
                return UserChange.Refused("LAST_POOL_ADMIN", $"{userName} is the last Pool Admin; make another user Pool Admin first.");
            }

            Check(await users.DeleteAsync(user).ConfigureAwait(false));
            return UserChange.Ok($"{userName} is deleted and can no longer sign in.");
        });

    /// <summary>A change to an existing user; refused when there is no such user.</summary>
    private Task<UserChange> ChangeAsync(Operator by, string origin, string operation, string userName,
        Func<UserManager<PoolDashUser>, PoolDashUser, Task<UserChange>> change) =>
        ChangeAsync(by, origin, operation, async users =>
            await users.FindByNameAsync(userName).ConfigureAwait(false) is { } user
                ? await change(users, user).ConfigureAwait(false)
                : UserChange.Refused("USER_UNKNOWN", $"There is no user named {userName}."), userName);

    /// <summary>
    /// Every change to the users, through one gate: the acting user must be a Pool Admin <i>now</i> (read from the
    /// database, whatever the page or token that asks still says), and the change commits with its audit entry, in
    /// one transaction, serialized with every other (so two demotions cannot both leave no Pool Admin).
    /// </summary>
    private async Task<UserChange> ChangeAsync(Operator by, string origin, string operation, Func<UserManager<PoolDashUser>, Task<UserChange>> change,
        string userName)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PoolDashUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PoolDashDb>();
        return await store.ChangeWithAuditAsync(db, async () =>
        {
            var role = await CurrentRoleAsync(users, by.Name).ConfigureAwait(false);
            var result = role is Role.PoolAdmin
                ? await change(users).ConfigureAwait(false)
                : Denied(operation, role);
            IReadOnlyList<AuditDraft> audit = [new AuditDraft(time.GetUtcNow(), by.Name, origin, null, null, operation,
                result.Done ? AuditOutcomes.Performed : AuditOutcomes.Refused, result.Done ? $"{userName}: {result.Message}" : $"{userName}: {result.Code}")];
            return (result, audit);
        }, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The user's role now; null for an unknown, deleted or locked-out user.</summary>
    private static async Task<Role?> CurrentRoleAsync(UserManager<PoolDashUser> users, string userName) =>
        await users.FindByNameAsync(userName).ConfigureAwait(false) is { } user && !await users.IsLockedOutAsync(user).ConfigureAwait(false)
            ? RoleOf(await users.GetRolesAsync(user).ConfigureAwait(false))
            : null;

    private static UserChange Denied(string operation, Role? role)
    {
        var denied = Xapi.PermissionDenied(operation, role ?? Role.ReadOnly, Role.PoolAdmin);
        return UserChange.Refused(denied.Name, $"{denied.Message} {denied.NextStep}");
    }

    private static async Task<bool> IsLastPoolAdminAsync(UserManager<PoolDashUser> users, PoolDashUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Name(Role.PoolAdmin)).ConfigureAwait(false);
        return admins.Count == 1 && admins[0].Id == user.Id;
    }

    private Task AuditAsync(string actor, string origin, string operation, string outcome, string detail) =>
        store.AppendAuditAsync([new AuditDraft(time.GetUtcNow(), actor, origin, null, null, operation, outcome, detail)], CancellationToken.None);

    /// <summary>The highest of a user's roles; a user with none reads only.</summary>
    private static Role RoleOf(IEnumerable<string> names) =>
        names.Select(n => Roles.TryParse(n, out var r) ? r : Role.ReadOnly).DefaultIfEmpty(Role.ReadOnly).Max();

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(Describe(result));
        }
    }
}
