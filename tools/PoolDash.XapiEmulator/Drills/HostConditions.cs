using System.Collections.Concurrent;

namespace PoolDash.XapiEmulator.Drills;

/// <summary>Each host's drill condition and when the master last heard from it (XAPI's slave heartbeat).</summary>
internal sealed class HostConditions
{
    private readonly ConcurrentDictionary<string, HostCondition> _conditions = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastHeard = new();

    public HostCondition Of(string hostRef) => _conditions.GetValueOrDefault(hostRef, HostCondition.Running);

    public void Set(string hostRef, HostCondition condition) => _conditions[hostRef] = condition;

    /// <summary>Whether outside clients reach the host's endpoint.</summary>
    public bool Answers(string hostRef) => Of(hostRef) is HostCondition.Running or HostCondition.Isolated;

    /// <summary>Whether the master hears the host's heartbeats.</summary>
    public bool HeardByMaster(string hostRef) => Of(hostRef) is HostCondition.Running or HostCondition.CutOff;

    public DateTimeOffset LastHeard(string hostRef, DateTimeOffset otherwise) => _lastHeard.GetOrAdd(hostRef, otherwise);

    public void Heard(string hostRef, DateTimeOffset at) => _lastHeard[hostRef] = at;
}
