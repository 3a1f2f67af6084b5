using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;

namespace PoolDash.Web.Pools;

/// <summary>A created pool with its hosts' tokens (shown once), or why it was not created: the refusal's XAPI-style
/// error, with every problem of the description when it was the description.</summary>
internal sealed record CreatedPool(Pool? Pool, IReadOnlyList<IssuedToken> Tokens, IReadOnlyList<DescriptionProblem> Problems, XapiError? Error)
{
    public static CreatedPool Refused(IReadOnlyList<DescriptionProblem> problems, XapiError error) => new(null, [], problems, error);

    public static CreatedPool Denied(XapiError error) => new(null, [], [], error);
}
