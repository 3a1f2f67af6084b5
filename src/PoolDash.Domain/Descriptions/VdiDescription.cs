using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Descriptions;

public sealed record VdiDescription
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public Guid SrId { get; init; }

    /// <summary>Attach keys beyond those implied by the running VMs (e.g. left by a crashed host).</summary>
    public IReadOnlyDictionary<Guid, AttachMode> AttachKeys { get; init; } = new Dictionary<Guid, AttachMode>();

    public Guid? PausedBy { get; init; }

    public Guid? ActivatingBy { get; init; }
}
