using System.ComponentModel.DataAnnotations;

namespace PoolDash.Web;

/// <summary><c>PoolDash:Approvals</c>: the two-person rule's requests.</summary>
public sealed class ApprovalOptions
{
    /// <summary>How long a request waits for a second Pool Admin before it expires.</summary>
    [Range(1, 24 * 60)]
    public int ExpiryMinutes { get; set; } = 15;
}
