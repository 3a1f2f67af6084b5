namespace PoolDash.Web;

/// <summary><c>PoolDash:Bootstrap</c>: the first Pool Admin, created when there are no users.</summary>
public sealed class BootstrapOptions
{
    /// <summary>The password of <c>admin</c> for unattended installs; when empty, a one-time password is printed once
    /// to the console and must be changed at first sign-in.</summary>
    public string? AdminPassword { get; set; }
}
