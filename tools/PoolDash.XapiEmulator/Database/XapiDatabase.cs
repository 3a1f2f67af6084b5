namespace PoolDash.XapiEmulator.Database;

/// <summary>
/// The pool's database, as XAPI's master keeps it: a table per class of records by ref, a generation that every change
/// moves on (what <c>event.from</c> tokens count), and a wake-up for calls that wait for the next change.
/// Records handed out are copies.
/// </summary>
internal sealed class XapiDatabase
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, object?>>> _tables =
        XapiClasses.All.ToDictionary(c => c, _ => new Dictionary<string, Dictionary<string, object?>>());

    private readonly List<XapiChange> _changes = [];
    private long _generation;
    private TaskCompletionSource _changed = NewSignal();

    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    public void Add(string cls, string reference, Dictionary<string, object?> record)
    {
        lock (_gate)
        {
            _tables[cls].Add(reference, record);
            Changed(cls, reference, "add");
        }
    }

    /// <summary>Changes a record under the database's lock; <paramref name="change"/> must not call back in.</summary>
    public void Modify(string cls, string reference, Action<Dictionary<string, object?>> change)
    {
        lock (_gate)
        {
            change(Row(cls, reference));
            Changed(cls, reference, "mod");
        }
    }

    public void Remove(string cls, string reference)
    {
        lock (_gate)
        {
            if (_tables[cls].Remove(reference))
            {
                Changed(cls, reference, "del");
            }
        }
    }

    /// <summary>A change with no new value (<c>event.inject</c>): answers the generation just before it.</summary>
    public long Touch(string cls, string reference)
    {
        lock (_gate)
        {
            _ = Row(cls, reference);
            var before = _generation;
            Changed(cls, reference, "mod");
            return before;
        }
    }

    public IReadOnlyList<string> Refs(string cls)
    {
        lock (_gate)
        {
            return [.. _tables[cls].Keys];
        }
    }

    public Dictionary<string, object?> Record(string cls, string reference)
    {
        lock (_gate)
        {
            return Copy(Row(cls, reference));
        }
    }

    public Dictionary<string, object?>? TryRecord(string cls, string reference)
    {
        lock (_gate)
        {
            return _tables[cls].TryGetValue(reference, out var row) ? Copy(row) : null;
        }
    }

    public Dictionary<string, object?> Records(string cls)
    {
        lock (_gate)
        {
            return _tables[cls].ToDictionary(p => p.Key, p => (object?)Copy(p.Value));
        }
    }

    public string? RefOfUuid(string cls, string uuid)
    {
        lock (_gate)
        {
            return _tables[cls].FirstOrDefault(p => p.Value["uuid"] is string u && string.Equals(u, uuid, StringComparison.OrdinalIgnoreCase)).Key;
        }
    }

    public IReadOnlyDictionary<string, int> Counts()
    {
        lock (_gate)
        {
            return _tables.ToDictionary(t => t.Key.ToLowerInvariant(), t => t.Value.Count);
        }
    }

    /// <summary>The changes after <paramref name="generation"/>, the last change per object only, and the generation
    /// they bring the caller to.</summary>
    public (IReadOnlyList<XapiChange> Changes, long Through) ChangesSince(long generation)
    {
        lock (_gate)
        {
            var since = _changes.Where(c => c.Generation > generation).GroupBy(c => (c.Class, c.Ref)).Select(g => g.Last()).OrderBy(c => c.Generation).ToList();
            return (since, _generation);
        }
    }

    /// <summary>Completes at the next change after <paramref name="generation"/> (at once if there is one already).</summary>
    public Task ChangedAfter(long generation)
    {
        lock (_gate)
        {
            return _generation > generation ? Task.CompletedTask : _changed.Task;
        }
    }

    private Dictionary<string, object?> Row(string cls, string reference) =>
        _tables[cls].TryGetValue(reference, out var row) ? row : throw Rpc.XapiFault.HandleInvalid(cls, reference);

    private void Changed(string cls, string reference, string operation)
    {
        _generation++;
        _changes.Add(new XapiChange(_generation, cls, reference, operation));
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static Dictionary<string, object?> Copy(Dictionary<string, object?> row) => row.ToDictionary(p => p.Key, p => Rpc.XapiValues.Copy(p.Value));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
