using PoolDash.Domain.Storage;

namespace PoolDash.Domain.Events;

/// <summary>A VDI's attach keys or SR-master flags changed; carries the whole new lock state.</summary>
public sealed record VdiLocksChanged(
    Guid VdiId,
    Guid SrId,
    IReadOnlyDictionary<Guid, AttachMode> AttachKeys,
    Guid? PausedBy,
    Guid? ActivatingBy,
    string Reason) : PoolEvent;
