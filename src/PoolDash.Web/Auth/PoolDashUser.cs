using Microsoft.AspNetCore.Identity;

namespace PoolDash.Web.Auth;

/// <summary>A person who signs in to PoolDash. Their one role is an Identity role named as <c>xe role-list</c> names it.</summary>
public sealed class PoolDashUser : IdentityUser
{
    /// <summary>Set for a one-time password (the bootstrap admin's, or one a Pool Admin gave): the first sign-in must
    /// choose a new one before anything else.</summary>
    public bool MustChangePassword { get; set; }
}
