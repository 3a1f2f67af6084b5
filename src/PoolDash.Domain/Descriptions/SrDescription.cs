namespace PoolDash.Domain.Descriptions;

public sealed record SrDescription
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public bool Shared { get; init; }

    /// <summary>The host a local SR belongs to; none for a shared SR.</summary>
    public Guid? OwnerHostId { get; init; }
}
