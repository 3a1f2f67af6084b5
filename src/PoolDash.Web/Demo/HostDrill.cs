namespace PoolDash.Web.Demo;

public enum HostDrill
{
    /// <summary>The host is powered off: its VMs are really gone.</summary>
    Crashed,

    /// <summary>The host runs but PoolDash cannot hear it (a network partition).</summary>
    CutOff,
}
