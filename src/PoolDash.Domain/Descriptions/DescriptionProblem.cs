namespace PoolDash.Domain.Descriptions;

/// <summary>One thing wrong with a pool description: where (a JSON-path-like location) and what.</summary>
public sealed record DescriptionProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
