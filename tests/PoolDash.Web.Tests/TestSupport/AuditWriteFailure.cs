using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>A store whose audit inserts fail while armed (a full disk, a broken file): what else was in the same
/// write must not be stored without its record.</summary>
internal sealed class AuditWriteFailure : DbCommandInterceptor
{
    public bool Armed { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        FailIfAudit(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        FailIfAudit(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void FailIfAudit(DbCommand command)
    {
        if (Armed && command.CommandText.Contains("INSERT INTO \"Audit\"", StringComparison.Ordinal))
        {
            throw new IOException("disk I/O error (injected by the test)");
        }
    }
}
