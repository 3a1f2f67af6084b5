using System.Collections.Concurrent;
using System.Text.Json;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Pools;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// Carries steps out on connected pools: each is stored as "sent" before its XAPI call goes out, then the call is made
/// once (never retried), and the step is done only when the pool's mirrored state shows its effect. Steps in flight
/// are known here, so that the same step pressed again is answered "in progress by …", and steps the pool has not
/// shown yet are kept until it does (a later read, or the first read after PoolDash restarts).
/// </summary>
internal sealed class XapiSteps(XapiFollowers followers, PoolRegistry registry, XapiStepStore store, TimeProvider time)
{
    /// <summary>How long PoolDash waits for the pool to show a step's effect before saying "not seen — check the pool".
    /// An emergency transition needs the member's xapi to restart (10 s) and PoolDash to find it as master.</summary>
    public static readonly TimeSpan ShowWithin = TimeSpan.FromSeconds(45);

    private readonly ConcurrentDictionary<Guid, XapiStep> _open = new();

    /// <summary>A step of this pool was sent, or came to an end.</summary>
    public event Action<Guid>? Changed;

    /// <summary>Whether <paramref name="command"/> on this pool is carried out through XAPI.</summary>
    public bool CarriesOut(Guid poolId, PoolCommand command) => followers.Find(poolId) is not null && StepCall.For(command) is not null;

    /// <summary>The steps of the pool sent and not yet shown by it, oldest first.</summary>
    public IReadOnlyList<XapiStep> Open(Guid poolId) => [.. _open.Values.Where(s => s.PoolId == poolId).OrderBy(s => s.SentAt)];

    /// <summary>"In progress by …" when the same step is already on its way to the pool.</summary>
    public XapiError? InProgress(Guid poolId, PoolCommand command) =>
        _open.Values.FirstOrDefault(s => s.PoolId == poolId && s.Command == command && s.Status == XapiStepRecord.Sent) is { } running
            ? PoolRefusals.StepInProgress(command.Operation, running.Actor, running.SentAt)
            : null;

    /// <summary>Records the step as sent (stored before anything goes to the pool).</summary>
    public async Task<XapiStep> BeginAsync(Guid poolId, PoolCommand command, string actor, string origin)
    {
        var call = StepCall.For(command) ?? throw new ArgumentException($"{command.Operation} is not carried out through XAPI.", nameof(command));
        var step = new XapiStep(Guid.NewGuid(), poolId, command, call, call.Describe(registry.Find(poolId)!.Snapshot()), actor, origin, time.GetUtcNow(),
            XapiStepRecord.Sent);
        var request = OperationRequest.Of(command, null);
        await store.AddAsync(new XapiStepRecord
        {
            Id = step.Id,
            PoolId = poolId,
            Operation = request.Operation,
            HostId = request.HostId,
            VmId = request.VmId,
            SrId = request.SrId,
            Master = request.Master,
            Actor = actor,
            Origin = origin,
            Call = step.CallText,
            SentAt = step.SentAt,
            Status = XapiStepRecord.Sent,
        }, CancellationToken.None).ConfigureAwait(false);
        _open[step.Id] = step;
        Changed?.Invoke(poolId);
        return step;
    }

    /// <summary>The call, once, and the wait for the pool to show its effect. Never throws for what the pool or the
    /// network did: every end is an answer.</summary>
    public async Task<StepAnswer> SendAsync(XapiStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var pool = registry.Find(step.PoolId);
        if (followers.Find(step.PoolId) is not { } follower || pool is null)
        {
            return StepAnswer.Unanswered(PoolRefusals.CallUnanswered(step.CallText, "the pool is no longer connected"));
        }

        string? said = null;
        XapiError? unanswered = null;
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60), time);
            if (step.Command is EmergencyTransitionToMaster && pool.Snapshot() is var snapshot
                && await follower.MembersWithAMasterAsync(snapshot.MasterId, patience.Token).ConfigureAwait(false) is { Count: > 0 } still)
            {
                // XAPI would make a second master; PoolDash refuses before sending anything that changes the pool.
                return StepAnswer.Refused(PoolRefusals.MasterStillReachable(snapshot.Hosts.First(h => h.Id == snapshot.MasterId), still));
            }

            var result = await follower.CallAsync(step.Call, patience.Token).ConfigureAwait(false);
            said = result.ValueKind == JsonValueKind.Array
                ? $"accepted by: {string.Join(", ", await follower.HostNamesAsync(result.EnumerateArray().Select(r => r.GetString()!), patience.Token).ConfigureAwait(false))}"
                : null;
        }
        catch (XapiException refusal)
        {
            return StepAnswer.Refused(PoolRefusals.Of(refusal, step.CallText));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or JsonException)
        {
            // The call may or may not have run: only the pool's state can say. Nothing is sent again.
            unanswered = PoolRefusals.CallUnanswered(step.CallText, e.Message);
        }

        var shown = await followers.WaitUntilAsync(step.PoolId, () => pool.Shows(step.Command), ShowWithin, CancellationToken.None).ConfigureAwait(false);
        return shown ? StepAnswer.Shown(said) : StepAnswer.Unanswered(unanswered ?? PoolRefusals.NotShown(step.CallText, ShowWithin));
    }

    /// <summary>The step came to an end: done or refused (it leaves), or not seen in time (kept until the pool shows it).</summary>
    public async Task EndAsync(XapiStep step, string status)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (status == XapiStepRecord.NotSeen)
        {
            // Decided for now: kept only until the pool shows it.
            _open[step.Id] = step with { Status = status, FromBeforeRestart = false };
        }
        else
        {
            _open.TryRemove(step.Id, out _);
        }

        await store.SetStatusAsync(step.Id, status, CancellationToken.None).ConfigureAwait(false);
        Changed?.Invoke(step.PoolId);
    }

    /// <summary>A step the pool has not shown, found by id (null: none open).</summary>
    public XapiStep? FindOpen(Guid poolId, Guid stepId) => _open.TryGetValue(stepId, out var step) && step.PoolId == poolId ? step : null;

    /// <summary>The steps stored as not shown yet when PoolDash last stopped (each with its command), to be decided by
    /// the pool's state once it is read again. Answers the pools they belong to.</summary>
    public async Task<IReadOnlyCollection<Guid>> LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await store.LoadOpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var (command, _) = new OperationRequest(record.Operation, record.HostId, record.VmId, record.SrId, record.Master, null).ToCommand(record.PoolId);
            if (command is not null && StepCall.For(command) is { } call)
            {
                _open[record.Id] = new XapiStep(record.Id, record.PoolId, command, call, record.Call, record.Actor, record.Origin, record.SentAt, record.Status)
                {
                    FromBeforeRestart = record.Status == XapiStepRecord.Sent,
                };
            }
        }

        return [.. _open.Values.Select(s => s.PoolId).Distinct()];
    }

    /// <summary>Steps of the pool no request is waiting on any more (not seen in time, or left from before a restart).</summary>
    public IReadOnlyList<XapiStep> Unattended(Guid poolId) =>
        [.. _open.Values.Where(s => s.PoolId == poolId && (s.Status == XapiStepRecord.NotSeen || s.FromBeforeRestart))];
}

/// <summary>A step on its way to a connected pool.</summary>
internal sealed record XapiStep(Guid Id, Guid PoolId, PoolCommand Command, StepCall Call, string CallText, string Actor, string Origin, DateTimeOffset SentAt,
    string Status)
{
    /// <summary>Sent before PoolDash last stopped: nobody waits on it; the pool's state decides.</summary>
    public bool FromBeforeRestart { get; init; }
}

/// <summary>How a step sent to the pool ended: shown by the pool (with what XAPI said, if anything), refused by it, or
/// not seen (no answer, or no effect in time).</summary>
internal sealed record StepAnswer(bool IsShown, XapiError? Refusal, XapiError? NotSeen, string? Said)
{
    public static StepAnswer Shown(string? said) => new(true, null, null, said);

    public static StepAnswer Refused(XapiError refusal) => new(false, refusal, null, null);

    public static StepAnswer Unanswered(XapiError notSeen) => new(false, null, notSeen, null);
}
