namespace PoolDash.Domain.Vms;

public enum PowerState
{
    Halted,
    Running,
    Paused,
    Suspended,
}
