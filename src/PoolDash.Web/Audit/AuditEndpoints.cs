using System.Globalization;
using System.Text;
using PoolDash.Web.Persistence;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Audit;

/// <summary>The audit trail: read with filters, export as CSV, verify the hash chain.</summary>
internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit");
        audit.MapGet("/", async ([AsParameters] AuditFilter filter, PoolStore store, CancellationToken ct) =>
                TypedResults.Ok(filter.Apply(await store.ReadAuditAsync(ct).ConfigureAwait(false)).ToList()))
            .WithSummary("Audit entries, oldest first, filtered by pool, actor, object and time.").SignedIn();
        audit.MapGet("/csv", async ([AsParameters] AuditFilter filter, PoolStore store, CancellationToken ct) =>
                TypedResults.Text(Csv(filter.Apply(await store.ReadAuditAsync(ct).ConfigureAwait(false))), "text/csv", Encoding.UTF8))
            .WithSummary("The same entries as CSV.").SignedIn();
        audit.MapGet("/verify", async (PoolStore store, CancellationToken ct) =>
                TypedResults.Ok(AuditChain.Verify(await store.ReadAuditAsync(ct).ConfigureAwait(false))))
            .WithSummary("Recomputes the hash chain and names the first entry where it breaks.").SignedIn();
    }

    private static string Csv(IEnumerable<AuditRecord> entries)
    {
        var csv = new StringBuilder("id,at,actor,origin,poolId,objectId,operation,outcome,detail,hash\n");
        foreach (var e in entries)
        {
            csv.AppendLine(string.Join(',',
                e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("O", CultureInfo.InvariantCulture), Quote(e.Actor), Quote(e.Origin),
                e.PoolId?.ToString() ?? "", e.ObjectId?.ToString() ?? "", Quote(e.Operation), Quote(e.Outcome), Quote(e.Detail), e.Hash));
        }

        return csv.ToString();
    }

    private static string Quote(string s) => $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
