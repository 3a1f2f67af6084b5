namespace PoolDash.Web.Auth;

/// <summary>What became of a change to users: done (with a one-time password when one was made), or refused with a
/// code and what to do.</summary>
internal sealed record UserChange(bool Done, string? Code, string Message, string? OneTimePassword = null)
{
    public static UserChange Ok(string message, string? oneTimePassword = null) => new(true, null, message, oneTimePassword);

    public static UserChange Refused(string code, string message) => new(false, code, message);
}
