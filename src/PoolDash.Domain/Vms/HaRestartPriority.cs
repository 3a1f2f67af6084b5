namespace PoolDash.Domain.Vms;

public enum HaRestartPriority
{
    None,
    BestEffort,
    Restart,
}
