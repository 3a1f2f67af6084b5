using Microsoft.Extensions.Time.Testing;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>
/// A fake clock that can run something in the middle of whatever reads it: armed with n, the n-th read from now
/// first runs the action (a liveness sweep that kills a host, say), so a test can put a concurrent change at every
/// point of a request in turn. Starts at the real now, like every test clock.
/// </summary>
internal sealed class InterleavingClock() : FakeTimeProvider(TimeProvider.System.GetUtcNow())
{
    private readonly Lock _gate = new();
    private int _readsLeft;
    private Action? _action;

    public void AtRead(int n, Action action)
    {
        lock (_gate)
        {
            _readsLeft = n;
            _action = action;
        }
    }

    /// <summary>Whether the armed action ran (the request read the clock at least n times).</summary>
    public bool Ran { get; private set; }

    public void Disarm()
    {
        lock (_gate)
        {
            _action = null;
            Ran = false;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        Action? due = null;
        lock (_gate)
        {
            if (_action is not null && --_readsLeft == 0)
            {
                (due, _action) = (_action, null);
                Ran = true;
            }
        }

        due?.Invoke();
        return base.GetUtcNow();
    }
}
