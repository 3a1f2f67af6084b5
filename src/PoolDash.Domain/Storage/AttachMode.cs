namespace PoolDash.Domain.Storage;

/// <summary>The value of a VDI's <c>host_&lt;ref&gt;</c> sm-config key.</summary>
public enum AttachMode
{
    RO,
    RW,
}
