using PoolDash.XapiEmulator.Database;

namespace PoolDash.XapiEmulator.Drills;

/// <summary>What a drill does to a host, whoever asks (the drill endpoints, an embedding application).</summary>
internal sealed class Drills(EmulatedPool pool, HostConditions conditions, XapiLiveness liveness)
{
    public DrillResult Apply(string uuid, HostCondition condition)
    {
        if (pool.Database.RefOfUuid(XapiClasses.Host, uuid) is not { } hostRef)
        {
            return DrillResult.UnknownHost;
        }

        if (condition == HostCondition.Running && conditions.Of(hostRef) == HostCondition.Running)
        {
            return DrillResult.NotSilenced;
        }

        conditions.Set(hostRef, condition);
        if (condition == HostCondition.Crashed)
        {
            pool.Stopped(hostRef);
        }

        // The master hears a host that is back at once (Pool.hello), rather than at its next look.
        liveness.Check();
        return DrillResult.Done;
    }

    /// <summary>The uuids of the running hosts that act as master, each in its own view.</summary>
    public IReadOnlyList<string> Masters() =>
        [.. pool.Database.Refs(XapiClasses.Host)
            .Where(h => pool.ActsAsMaster(h) && conditions.Of(h) is not (HostCondition.Crashed or HostCondition.Restarting))
            .Select(h => (string)pool.Database.Record(XapiClasses.Host, h)["uuid"]!)];

    /// <summary>The drill a host is under, by uuid (Running when none, or for a host not in the pool).</summary>
    public HostCondition Of(string uuid) =>
        pool.Database.RefOfUuid(XapiClasses.Host, uuid) is { } hostRef ? conditions.Of(hostRef) : HostCondition.Running;
}

internal enum DrillResult
{
    Done,
    UnknownHost,
    NotSilenced,
}
