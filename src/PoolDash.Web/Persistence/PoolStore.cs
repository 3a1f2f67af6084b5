using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Storage;
using PoolDash.Web.Audit;
using PoolDash.Web.Heartbeats;

namespace PoolDash.Web.Persistence;

/// <summary>
/// Saves a pool's whole state (its description, the same form as the export) with its hosts' token hashes, in one
/// transaction, and loads every stored pool back. Last-heartbeat times are written on their own, in batches.
/// </summary>
// The semaphore is never disposed: it has no wait handle to free, and saves still run while the host stops.
#pragma warning disable CA1001
internal sealed class PoolStore(DbContextOptions<PoolDashDb> options, HostTokens tokens)
#pragma warning restore CA1001
{
    // One writer: a save describes the pool when it gets its turn, so the last save committed is the newest state.
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly ConcurrentDictionary<Guid, long> _savedThrough = new();

    // What a failed write had to record (audit entries, request statuses): written first by the next write, so a
    // decision that was made is recorded even when the store failed at that moment. Touched only by the writer.
    private readonly List<AuditDraft> _unwrittenAudit = [];
    private readonly List<ApprovalRecord> _unwrittenApprovals = [];
    private volatile bool _hasUnwritten;

    /// <summary>Whether the stored state already includes the pool's events up to <paramref name="sequence"/>
    /// (an operation is saved before it is acknowledged; the persister need not write it again).</summary>
    public bool IsSavedThrough(Guid poolId, long sequence) => _savedThrough.TryGetValue(poolId, out var saved) && saved >= sequence;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            // WAL: readers never block the writer, and a crash loses at most the transaction being written.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the pool's current state and its hosts' token hashes, replacing what was stored, and the audit
    /// entries that record the change, all in one transaction.</summary>
    public Task SaveAsync(Pool pool, CancellationToken cancellationToken, params IReadOnlyList<AuditDraft> audit) =>
        SaveAsync(pool, null, audit, cancellationToken);

    /// <summary>As <see cref="SaveAsync(Pool, CancellationToken, IReadOnlyList{AuditDraft})"/>, and a two-person request's
    /// new status in the same transaction: an approval and the step it let through commit together.</summary>
    public async Task SaveAsync(Pool pool, ApprovalRecord? approval, IReadOnlyList<AuditDraft> audit, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Read before describing: the state described includes at least the events up to here.
            var through = pool.Sequence;
            var description = pool.Describe();
            var hashes = tokens.OfPool(pool.Id).ToDictionary(c => c.Key, c => c.Value.Hash);
            var (approvals, drafts) = WithUnwritten(approval, audit);
            IReadOnlyList<AuditRecord> entries;
            try
            {
                var db = new PoolDashDb(options);
                await using (db.ConfigureAwait(false))
                {
                    var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        await DeleteAsync(db, pool.Id, cancellationToken).ConfigureAwait(false);
                        Add(db, description, hashes);
                        await UpsertAsync(db, approvals, cancellationToken).ConfigureAwait(false);
                        entries = await ChainAsync(db, drafts, cancellationToken).ConfigureAwait(false);
                        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch
            {
                KeepUnwritten(approvals, drafts);
                throw;
            }

            _savedThrough[pool.Id] = through;
            Committed(entries);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Appends audit entries that record no state change (refusals, repeats, PoolDash starting).</summary>
    public Task AppendAuditAsync(IReadOnlyList<AuditDraft> audit, CancellationToken cancellationToken) => AppendAuditAsync(null, audit, cancellationToken);

    /// <summary>Stores a two-person request's status (requested, cancelled, expired) with the audit entries that record it.</summary>
    public async Task AppendAuditAsync(ApprovalRecord? approval, IReadOnlyList<AuditDraft> audit, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (approvals, drafts) = WithUnwritten(approval, audit);
            if (approvals.Count == 0 && drafts.Count == 0)
            {
                return;
            }

            IReadOnlyList<AuditRecord> entries;
            try
            {
                var db = new PoolDashDb(options);
                await using (db.ConfigureAwait(false))
                {
                    await UpsertAsync(db, approvals, cancellationToken).ConfigureAwait(false);
                    entries = await ChainAsync(db, drafts, cancellationToken).ConfigureAwait(false);
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                KeepUnwritten(approvals, drafts);
                throw;
            }

            Committed(entries);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> (say, Identity's changes to a user, made through <paramref name="db"/>) and
    /// appends the audit entries it returns, in one transaction: the change is stored with its record or not at all.
    /// The store's one writer is held throughout, so such changes are also serialized among themselves.
    /// </summary>
    public async Task<T> ChangeWithAuditAsync<T>(PoolDashDb db, Func<Task<(T Result, IReadOnlyList<AuditDraft> Audit)>> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IReadOnlyList<AuditRecord> entries;
            T result;
            var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                (result, var audit) = await change().ConfigureAwait(false);
                var (approvals, drafts) = WithUnwritten(null, audit);
                try
                {
                    await UpsertAsync(db, approvals, CancellationToken.None).ConfigureAwait(false);
                    entries = await ChainAsync(db, drafts, CancellationToken.None).ConfigureAwait(false);
                    await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch
                {
                    // Only what earlier writes kept is kept again: this change rolls back with its own entries.
                    KeepUnwritten(approvals, drafts.Take(drafts.Count - audit.Count).ToList());
                    throw;
                }
            }

            Committed(entries);
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Writes what earlier failed writes had to record, if anything (the persister calls it now and then).
    /// It waits for the write under way, which may itself fail and leave entries to write.</summary>
    public Task WriteUnwrittenAsync(CancellationToken cancellationToken) => AppendAuditAsync(null, [], cancellationToken);

    private (IReadOnlyList<ApprovalRecord> Approvals, IReadOnlyList<AuditDraft> Audit) WithUnwritten(ApprovalRecord? approval, IReadOnlyList<AuditDraft> audit)
    {
        if (!_hasUnwritten)
        {
            return (approval is null ? [] : [approval], audit);
        }

        List<ApprovalRecord> approvals = [.. _unwrittenApprovals];
        if (approval is not null)
        {
            approvals.Add(approval);
        }

        List<AuditDraft> drafts = [.. _unwrittenAudit, .. audit];
        _unwrittenApprovals.Clear();
        _unwrittenAudit.Clear();
        _hasUnwritten = false;
        return (approvals, drafts);
    }

    private void KeepUnwritten(IReadOnlyList<ApprovalRecord> approvals, IReadOnlyList<AuditDraft> audit)
    {
        _unwrittenApprovals.InsertRange(0, approvals);
        _unwrittenAudit.InsertRange(0, audit);
        _hasUnwritten = _unwrittenApprovals.Count + _unwrittenAudit.Count > 0;
    }

    /// <summary>Audit entries as they commit, in chain order (the incident timeline follows them). Raised by the one
    /// writer, so handlers must be quick and must not write to the store.</summary>
    public event Action<IReadOnlyList<AuditRecord>>? AuditCommitted;

    public async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            return await db.Audit.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The newest entries (at most <paramref name="max"/>) at or after <paramref name="since"/>, in chain order.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadRecentAuditAsync(DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            // Newest first by id (the chain's order); SQLite cannot compare DateTimeOffset columns, so the time cut is made here.
            var newest = await db.Audit.AsNoTracking().OrderByDescending(a => a.Id).Take(max).ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. newest.Where(e => e.At >= since).OrderBy(e => e.Id)];
        }
    }

    private void Committed(IReadOnlyList<AuditRecord> entries)
    {
        if (entries.Count > 0)
        {
            AuditCommitted?.Invoke(entries);
        }
    }

    public async Task<IReadOnlyList<ApprovalRecord>> LoadApprovalsAsync(CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            return await db.Approvals.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task UpsertAsync(PoolDashDb db, IReadOnlyList<ApprovalRecord> approvals, CancellationToken cancellationToken)
    {
        // A request decided twice before a write got through: its last status is the one to keep.
        foreach (var approval in approvals.GroupBy(a => a.Id).Select(g => g.Last()))
        {
            if (await db.Approvals.AnyAsync(a => a.Id == approval.Id, cancellationToken).ConfigureAwait(false))
            {
                db.Approvals.Update(approval);
            }
            else
            {
                db.Approvals.Add(approval);
            }
        }
    }

    /// <summary>Seals the drafts onto the end of the chain. Callers hold the writer, so the chain has one writer.</summary>
    private static async Task<IReadOnlyList<AuditRecord>> ChainAsync(PoolDashDb db, IReadOnlyList<AuditDraft> audit, CancellationToken cancellationToken)
    {
        if (audit.Count == 0)
        {
            return [];
        }

        var last = await db.Audit.AsNoTracking().OrderByDescending(a => a.Id).Select(a => new { a.Id, a.Hash })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var id = last?.Id ?? 0;
        var previous = last?.Hash ?? AuditChain.Genesis;
        var records = new List<AuditRecord>(audit.Count);
        foreach (var draft in audit)
        {
            var record = AuditChain.Seal(draft, ++id, previous);
            db.Audit.Add(record);
            records.Add(record);
            previous = record.Hash;
        }

        return records;
    }

    private static async Task DeleteAsync(PoolDashDb db, Guid poolId, CancellationToken cancellationToken)
    {
        await db.VmDisks.Where(r => r.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Vms.Where(r => r.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.AttachKeys.Where(r => r.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Vdis.Where(r => r.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Srs.Where(r => r.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.ForgottenHosts.Where(r => r.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Hosts.Where(r => r.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Pools.Where(r => r.Id == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the hosts' last-heartbeat times, all in one transaction.</summary>
    public async Task SaveLastHeartbeatsAsync(IReadOnlyList<(Guid PoolId, Guid HostId, DateTimeOffset At)> beats, CancellationToken cancellationToken)
    {
        if (beats.Count == 0)
        {
            return;
        }

        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteLastHeartbeatsAsync(beats, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task WriteLastHeartbeatsAsync(IReadOnlyList<(Guid PoolId, Guid HostId, DateTimeOffset At)> beats, CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var (poolId, hostId, at) in beats)
                {
                    await db.Hosts.Where(h => h.PoolId == poolId && h.Id == hostId)
                        .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHeartbeat, at), cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<StoredPool>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var db = new PoolDashDb(options);
        await using (db.ConfigureAwait(false))
        {
            var pools = await db.Pools.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var hosts = await db.Hosts.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var forgotten = await db.ForgottenHosts.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var srs = await db.Srs.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var vdis = await db.Vdis.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var keys = await db.AttachKeys.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var vms = await db.Vms.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var disks = await db.VmDisks.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);

            return [.. pools.Select(p =>
            {
                var description = new PoolDescription
                {
                    Id = p.Id,
                    Name = p.Name,
                    MasterId = p.MasterId,
                    HaEnabled = p.HaEnabled,
                    LivenessTimeoutSeconds = p.LivenessTimeoutSeconds,
                    HaTimeoutSeconds = p.HaTimeoutSeconds,
                    TwoPersonRule = p.TwoPersonRule,
                    DefaultSrId = p.DefaultSrId,
                    // Stored from a whole pool's state: its keys are all there are.
                    AttachKeysComplete = true,
                    Maintenance = System.Text.Json.JsonSerializer.Deserialize<List<MaintenanceWindow>>(p.MaintenanceJson) ?? [],
                    Hosts = [.. hosts.Where(h => h.PoolId == p.Id).Select(h => new HostDescription
                    {
                        Id = h.Id,
                        Name = h.Name,
                        Address = h.Address,
                        MemoryMiB = h.MemoryMiB,
                        Role = h.Role,
                        Liveness = h.Liveness,
                        Following = h.Following,
                        LastHeartbeat = h.LastHeartbeat,
                        WasPoolMasterWhenDied = h.WasPoolMasterWhenDied,
                        DownAttestation = h.AttestedBy is null ? null : new HostAttestation(h.AttestedBy, h.AttestationMethod ?? "", h.AttestationNote ?? "", h.AttestedAt!.Value),
                    })],
                    ForgottenHostIds = [.. forgotten.Where(f => f.PoolId == p.Id).Select(f => f.HostId)],
                    Srs = [.. srs.Where(s => s.PoolId == p.Id).Select(s => new SrDescription { Id = s.Id, Name = s.Name, Shared = s.Shared, OwnerHostId = s.OwnerHostId })],
                    Vdis = [.. vdis.Where(v => v.PoolId == p.Id).Select(v => new VdiDescription
                    {
                        Id = v.Id,
                        Name = v.Name,
                        SrId = v.SrId,
                        PausedBy = v.PausedBy,
                        ActivatingBy = v.ActivatingBy,
                        AttachKeys = keys.Where(k => k.PoolId == p.Id && k.VdiId == v.Id).ToDictionary(k => k.HostId, k => k.Mode),
                    })],
                    Vms = [.. vms.Where(v => v.PoolId == p.Id).Select(v => new VmDescription
                    {
                        Id = v.Id,
                        Name = v.Name,
                        MemoryMiB = v.MemoryMiB,
                        PowerState = v.PowerState,
                        ResidentOn = v.ResidentOn,
                        HaPriority = v.HaPriority,
                        IsControlDomain = v.IsControlDomain,
                        DisplacedFrom = v.DisplacedFrom,
                        Disks = [.. disks.Where(d => d.PoolId == p.Id && d.VmId == v.Id).OrderBy(d => d.Position).Select(d => new Vbd(d.VdiId, d.Mode))],
                    })],
                };
                var hashes = hosts.Where(h => h.PoolId == p.Id && h.TokenHash is not null).Select(h => (h.Id, h.TokenHash!))
                    .Concat(forgotten.Where(f => f.PoolId == p.Id && f.TokenHash is not null).Select(f => (Id: f.HostId, f.TokenHash!)))
                    .ToDictionary(x => x.Item1, x => x.Item2);
                return new StoredPool(description, hashes);
            })];
        }
    }

    private static void Add(PoolDashDb db, PoolDescription pool, IReadOnlyDictionary<Guid, byte[]> tokenHashes)
    {
        db.Pools.Add(new PoolRecord
        {
            Id = pool.Id,
            Name = pool.Name,
            MasterId = pool.MasterId ?? pool.Hosts.Single(h => h.Role == HostRole.Master).Id,
            HaEnabled = pool.HaEnabled,
            LivenessTimeoutSeconds = pool.LivenessTimeoutSeconds,
            HaTimeoutSeconds = pool.HaTimeoutSeconds,
            TwoPersonRule = pool.TwoPersonRule,
            DefaultSrId = pool.DefaultSrId,
            MaintenanceJson = System.Text.Json.JsonSerializer.Serialize(pool.Maintenance),
        });
        db.Hosts.AddRange(pool.Hosts.Select(h => new HostRecord
        {
            PoolId = pool.Id,
            Id = h.Id,
            Name = h.Name,
            Address = h.Address,
            MemoryMiB = h.MemoryMiB,
            Role = h.Role,
            Liveness = h.Liveness == Liveness.Dead ? Liveness.Dead : Liveness.Alive,
            Following = h.Following,
            LastHeartbeat = h.LastHeartbeat,
            WasPoolMasterWhenDied = h.WasPoolMasterWhenDied,
            AttestedBy = h.DownAttestation?.By,
            AttestationMethod = h.DownAttestation?.Method,
            AttestationNote = h.DownAttestation?.Note,
            AttestedAt = h.DownAttestation?.At,
            TokenHash = tokenHashes.GetValueOrDefault(h.Id),
        }));
        db.ForgottenHosts.AddRange(pool.ForgottenHostIds.Select(id => new ForgottenHostRecord
        {
            PoolId = pool.Id,
            HostId = id,
            TokenHash = tokenHashes.GetValueOrDefault(id),
        }));
        db.Srs.AddRange(pool.Srs.Select(s => new SrRecord { PoolId = pool.Id, Id = s.Id, Name = s.Name, Shared = s.Shared, OwnerHostId = s.OwnerHostId }));
        db.Vdis.AddRange(pool.Vdis.Select(v => new VdiRecord
        {
            PoolId = pool.Id,
            Id = v.Id,
            Name = v.Name,
            SrId = v.SrId,
            PausedBy = v.PausedBy,
            ActivatingBy = v.ActivatingBy,
        }));
        db.AttachKeys.AddRange(pool.Vdis.SelectMany(v => v.AttachKeys.Select(k => new AttachKeyRecord
        {
            PoolId = pool.Id,
            VdiId = v.Id,
            HostId = k.Key,
            Mode = k.Value,
        })));
        db.Vms.AddRange(pool.Vms.Select(v => new VmRecord
        {
            PoolId = pool.Id,
            Id = v.Id,
            Name = v.Name,
            MemoryMiB = v.MemoryMiB,
            PowerState = v.PowerState,
            ResidentOn = v.ResidentOn,
            HaPriority = v.HaPriority,
            IsControlDomain = v.IsControlDomain,
            DisplacedFrom = v.DisplacedFrom,
        }));
        db.VmDisks.AddRange(pool.Vms.SelectMany(v => v.Disks.Select((d, i) => new VmDiskRecord
        {
            PoolId = pool.Id,
            VmId = v.Id,
            Position = i,
            VdiId = d.VdiId,
            Mode = d.Mode,
        })));
    }
}
