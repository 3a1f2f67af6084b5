using System.Security.Cryptography;

namespace PoolDash.Web.Auth;

/// <summary>Passwords PoolDash makes for a person to type once and then replace.</summary>
internal static class OneTimePasswords
{
    // No 0/O, 1/l/I: the password is read off a console or a screen and typed by hand.
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-_.+=!";

    public static string Create()
    {
        var all = Lower + Upper + Digits + Symbols;
        // One of each class, so every password policy Identity can be set to accepts it.
        var chars = new List<char>
        {
            Lower[RandomNumberGenerator.GetInt32(Lower.Length)],
            Upper[RandomNumberGenerator.GetInt32(Upper.Length)],
            Digits[RandomNumberGenerator.GetInt32(Digits.Length)],
            Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)],
        };
        while (chars.Count < 20)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }

        var array = chars.ToArray();
        RandomNumberGenerator.Shuffle(array.AsSpan());
        return new string(array);
    }
}
