using PoolDash.Domain.Errors;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Problems;

/// <summary>The one mapping from a refusal to its HTTP status, whichever endpoint answers it.</summary>
internal static class ProblemStatus
{
    public static int For(XapiError error, Gate? gate = null) => (gate, error.Name) switch
    {
        (_, XapiErrorNames.UuidInvalid) => StatusCodes.Status404NotFound,
        (Gate.Role, _) or (_, XapiErrorNames.RbacPermissionDenied) or (_, XapiErrorNames.ApprovalBySelf) or (_, XapiErrorNames.ApprovalCancelByOther)
            => StatusCodes.Status403Forbidden,
        (Gate.Confirmation, _) or (_, XapiErrorNames.InvalidPoolDescription) or (_, XapiErrorNames.InvalidValue)
            or (_, XapiPools.ConnectErrors.PlainHttpRefused) or (_, XapiErrorNames.SessionAuthenticationFailed) => StatusCodes.Status400BadRequest,
        // The pool (another server) did not answer, or not with a certificate PoolDash trusts.
        (_, XapiPools.ConnectErrors.Unreachable) or (_, XapiPools.ConnectErrors.TlsRefused) => StatusCodes.Status502BadGateway,
        // The request was understood; the pool's state (or a decision already taken) does not allow it now.
        _ => StatusCodes.Status409Conflict,
    };
}
