using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Snapshots;

public sealed record VdiView(
    Guid Id,
    string Name,
    Guid SrId,
    IReadOnlyDictionary<Guid, AttachMode> AttachKeys,
    Guid? PausedBy,
    Guid? ActivatingBy);
