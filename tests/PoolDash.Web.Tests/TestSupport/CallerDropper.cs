using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>
/// A caller that goes away at a chosen point of a write: armed with a count, it cancels the caller's token just
/// before the store's n-th SQL command runs (an operator's connection reset in the middle of a step).
/// </summary>
internal sealed class CallerDropper : DbCommandInterceptor
{
    private readonly Lock _gate = new();
    private int _left;
    private CancellationTokenSource? _caller;

    /// <summary>Cancels <paramref name="caller"/> before the <paramref name="command"/>-th SQL command from now.</summary>
    public void DropAt(int command, CancellationTokenSource caller)
    {
        lock (_gate)
        {
            _left = command;
            _caller = caller;
        }
    }

    /// <summary>Whether the last armed drop happened (the step reached that many SQL commands).</summary>
    public bool Dropped { get; private set; }

    public void Disarm()
    {
        lock (_gate)
        {
            _caller = null;
            Dropped = false;
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Tick();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Tick();
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Tick();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_caller is null || --_left > 0)
            {
                return;
            }

            _caller.Cancel();
            _caller = null;
            Dropped = true;
        }
    }
}
