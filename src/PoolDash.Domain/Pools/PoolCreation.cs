using PoolDash.Domain.Descriptions;

namespace PoolDash.Domain.Pools;

/// <summary>Either a pool, or every problem that kept the description from becoming one.</summary>
public sealed record PoolCreation(Pool? Pool, IReadOnlyList<DescriptionProblem> Problems)
{
    public bool Succeeded => Pool is not null;
}
