namespace PoolDash.XapiEmulator.Drills;

/// <summary>What a drill did to a host.</summary>
internal enum HostCondition
{
    /// <summary>Up, reachable by everyone.</summary>
    Running,

    /// <summary>Powered off: its endpoint is silent and the master hears nothing from it.</summary>
    Crashed,

    /// <summary>Running, but unreachable from outside clients (PoolDash): XAPI's master still hears it.</summary>
    CutOff,

    /// <summary>Running and answering at its own address, but cut from the master, which stops hearing it.</summary>
    Isolated,

    /// <summary>Its xapi restarting (after an emergency call): its connections drop.</summary>
    Restarting,
}
