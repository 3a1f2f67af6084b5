using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PoolDash.Web.Audit;

/// <summary>
/// The audit trail's hash chain: each entry's SHA-256 over its own fields and the previous entry's hash. Changing any
/// stored field, or removing a row, makes the first affected entry fail verification.
/// </summary>
internal static class AuditChain
{
    public const string Genesis = "";

    public static AuditRecord Seal(AuditDraft draft, long id, string previousHash)
    {
        var record = new AuditRecord
        {
            Id = id,
            At = draft.At,
            Actor = draft.Actor,
            Origin = draft.Origin,
            PoolId = draft.PoolId,
            ObjectId = draft.ObjectId,
            Operation = draft.Operation,
            Outcome = draft.Outcome,
            Detail = draft.Detail,
            PreviousHash = previousHash,
        };
        record.Hash = HashOf(record);
        return record;
    }

    public static AuditVerification Verify(IReadOnlyList<AuditRecord> inIdOrder)
    {
        var broken = FirstBroken(inIdOrder);
        return new AuditVerification(broken is null, inIdOrder.Count, broken, broken is null
            ? "The chain holds."
            : $"The chain breaks at entry {broken}: it was edited, or an entry before it was deleted.");
    }

    /// <summary>The id of the first entry whose hash or link does not hold, or null when the whole chain holds.</summary>
    public static long? FirstBroken(IEnumerable<AuditRecord> inIdOrder)
    {
        var previous = Genesis;
        long? expectedId = null;
        foreach (var record in inIdOrder)
        {
            // A gap in ids is a deleted row: the entry after it no longer links to what precedes it.
            var gap = expectedId is { } e && record.Id != e;
            if (gap || record.PreviousHash != previous || record.Hash != HashOf(record))
            {
                return record.Id;
            }

            previous = record.Hash;
            expectedId = record.Id + 1;
        }

        return null;
    }

    private static string HashOf(AuditRecord r)
    {
        // Fields joined with a separator that cannot occur in them unescaped; the id is in, so rows cannot be swapped.
        var text = string.Join('\u001f',
            r.Id.ToString(CultureInfo.InvariantCulture),
            r.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Escape(r.Actor),
            Escape(r.Origin),
            r.PoolId?.ToString() ?? "",
            r.ObjectId?.ToString() ?? "",
            Escape(r.Operation),
            Escape(r.Outcome),
            Escape(r.Detail),
            r.PreviousHash);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Escape(string s) => s.Replace("\u001f", "\\u001f", StringComparison.Ordinal);
}
