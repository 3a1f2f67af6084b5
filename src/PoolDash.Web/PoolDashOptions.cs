using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PoolDash.Web;

/// <summary><c>PoolDash</c>: where data lives and which pool descriptions to load at start.</summary>
public sealed class PoolDashOptions
{
    public const string Section = "PoolDash";

    /// <summary>The folder of the SQLite file; relative paths are from the app's content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Pool description files (JSON) to create at start when no pool with their id is stored yet, e.g.
    /// <c>--PoolDash:PoolDescriptionFiles:0=pool.json</c>.</summary>
    public IList<string> PoolDescriptionFiles { get; } = [];

    [ValidateObjectMembers]
    public BootstrapOptions Bootstrap { get; } = new();

    [ValidateObjectMembers]
    public ApprovalOptions Approvals { get; } = new();
}
