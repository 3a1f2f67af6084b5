using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;

namespace PoolDash.Web.Pools;

internal sealed record CreatedPool(Pool? Pool, IReadOnlyList<IssuedToken> Tokens, IReadOnlyList<DescriptionProblem> Problems)
{
    public static CreatedPool Refused(IReadOnlyList<DescriptionProblem> problems) => new(null, [], problems);
}
