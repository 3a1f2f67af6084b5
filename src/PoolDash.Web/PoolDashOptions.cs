namespace PoolDash.Web;

/// <summary><c>PoolDash</c>: where data lives and which pool descriptions to load at start.</summary>
public sealed class PoolDashOptions
{
    public const string Section = "PoolDash";

    /// <summary>The folder of the SQLite file; relative paths are from the app's content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Pool description files (JSON) to create at start when no pool with their id is stored yet, e.g.
    /// <c>--PoolDash:PoolDescriptionFiles:0=pool.json</c>.</summary>
    public IList<string> PoolDescriptionFiles { get; } = [];

    public BootstrapOptions Bootstrap { get; } = new();

    public ApprovalOptions Approvals { get; } = new();
}

/// <summary><c>PoolDash:Bootstrap</c>: the first Pool Admin, created when there are no users.</summary>
public sealed class BootstrapOptions
{
    /// <summary>The password of <c>admin</c> for unattended installs; when empty, a one-time password is printed once
    /// to the console and must be changed at first sign-in.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary><c>PoolDash:Approvals</c>: the two-person rule's requests.</summary>
public sealed class ApprovalOptions
{
    /// <summary>How long a request waits for a second Pool Admin before it expires.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 24 * 60)]
    public int ExpiryMinutes { get; set; } = 15;
}
