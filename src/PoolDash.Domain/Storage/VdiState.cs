namespace PoolDash.Domain.Storage;

internal sealed class VdiState
{
    public VdiState(Guid id, string name, Guid srId)
    {
        Id = id;
        Name = name;
        SrId = srId;
    }

    public Guid Id { get; }

    public string Name { get; }

    public Guid SrId { get; }

    /// <summary>The VDI's <c>host_&lt;ref&gt;</c> sm-config keys: who has it attached, and how.</summary>
    public Dictionary<Guid, AttachMode> AttachKeys { get; } = [];

    /// <summary>The SR master that left its <c>paused</c> flag on this VDI, if any.</summary>
    public Guid? PausedBy { get; set; }

    /// <summary>The SR master that left its <c>activating</c> flag on this VDI, if any.</summary>
    public Guid? ActivatingBy { get; set; }

    public bool IsFlagged => PausedBy is not null || ActivatingBy is not null;

    public Guid? RwHolder()
    {
        foreach (var (host, mode) in AttachKeys)
        {
            if (mode == AttachMode.RW)
            {
                return host;
            }
        }

        return null;
    }
}
