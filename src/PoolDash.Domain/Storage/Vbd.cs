namespace PoolDash.Domain.Storage;

/// <summary>A VM's disk: which VDI, and whether the VM writes to it.</summary>
public sealed record Vbd(Guid VdiId, AttachMode Mode);
