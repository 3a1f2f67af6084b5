using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PoolDash.Web.Auth;

/// <summary>Identity's user manager, where a successful password change also lifts <see cref="PoolDashUser.MustChangePassword"/>
/// — whether the change came from the page or from <c>POST /api/v1/auth/password</c>.</summary>
internal sealed class PoolDashUserManager(
    IUserStore<PoolDashUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PoolDashUser> passwordHasher,
    IEnumerable<IUserValidator<PoolDashUser>> userValidators,
    IEnumerable<IPasswordValidator<PoolDashUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PoolDashUser>> logger)
    : UserManager<PoolDashUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> ChangePasswordAsync(PoolDashUser user, string currentPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await base.ChangePasswordAsync(user, currentPassword, newPassword).ConfigureAwait(false);
        if (result.Succeeded && user.MustChangePassword)
        {
            user.MustChangePassword = false;
            return await UpdateAsync(user).ConfigureAwait(false);
        }

        return result;
    }
}
