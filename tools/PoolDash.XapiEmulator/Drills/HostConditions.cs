using System.Collections.Concurrent;

namespace PoolDash.XapiEmulator.Drills;

/// <summary>Each host's drill condition and when the master last heard from it (XAPI's slave heartbeat).</summary>
internal sealed class HostConditions
{
    private readonly ConcurrentDictionary<string, HostCondition> _conditions = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastHeard = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _answering = new();

    public HostCondition Of(string hostRef) => _conditions.GetValueOrDefault(hostRef, HostCondition.Running);

    public void Set(string hostRef, HostCondition condition)
    {
        _conditions[hostRef] = condition;
        if (!Answers(hostRef) && _answering.TryRemove(hostRef, out var answering))
        {
            // Powered off or cut off: the connections it had drop too (a long poll in flight included).
            answering.Cancel();
            answering.Dispose();
        }
    }

    /// <summary>Cancelled when the host stops answering: requests in flight at that moment are dropped.</summary>
    public CancellationToken WhileAnswering(string hostRef) => _answering.GetOrAdd(hostRef, _ => new CancellationTokenSource()).Token;

    /// <summary>Whether outside clients reach the host's endpoint.</summary>
    public bool Answers(string hostRef) => Of(hostRef) is HostCondition.Running or HostCondition.Isolated;

    /// <summary>Whether the master hears the host's heartbeats.</summary>
    public bool HeardByMaster(string hostRef) => Of(hostRef) is HostCondition.Running or HostCondition.CutOff;

    /// <summary>xapi on the host restarts after <paramref name="fuse"/> (XAPI's fuse time after an emergency call): the
    /// connections it has drop, and it answers again as <paramref name="back"/> has made it.</summary>
    public void Restart(string hostRef, TimeSpan fuse, TimeProvider time, Action back) =>
        _ = Task.Delay(fuse, time).ContinueWith(_ =>
        {
            // A drill meanwhile (crashed before the fuse burnt) wins: it does not come back.
            if (Of(hostRef) == HostCondition.Running)
            {
                Set(hostRef, HostCondition.Restarting);
                back();
                Set(hostRef, HostCondition.Running);
            }
        }, TaskScheduler.Default);

    public DateTimeOffset LastHeard(string hostRef, DateTimeOffset otherwise) => _lastHeard.GetOrAdd(hostRef, otherwise);

    public void Heard(string hostRef, DateTimeOffset at) => _lastHeard[hostRef] = at;
}
