namespace PoolDash.Web.Recovery;

/// <summary>The gates an operation passes, in DESIGN.md's order; a refusal names the one that stopped it.</summary>
public enum Gate
{
    Request,
    Role,
    State,
    Confirmation,
    Approval,

    /// <summary>The pool's own answer: a connected pool refused the call PoolDash sent it.</summary>
    Pool,
}
