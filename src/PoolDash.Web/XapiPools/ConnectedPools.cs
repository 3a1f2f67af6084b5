using System.Collections.Concurrent;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// Which pools are mirrors of a real pool. Their steps are carried out on the pool itself through XAPI (see
/// <see cref="XapiSteps"/>); the few that have no safe API call are refused here with what to do instead:
/// <c>resetvdis</c> (docs/decisions/0006: the operator runs it on the pool master, or uses host-declare-dead) and
/// joining a host (done on the joining host with <c>xe pool-join</c>). PoolDash's own settings and records (the
/// two-person rule, an attestation) apply as on any pool.
/// </summary>
internal sealed class ConnectedPools
{
    public const string NotCarriedOut = "XAPI_STEP_NOT_CARRIED_OUT";

    private readonly ConcurrentDictionary<Guid, string> _masters = new();

    public void Add(Guid poolId, string masterAddress) => _masters[poolId] = masterAddress;

    public bool IsConnected(Guid poolId) => _masters.ContainsKey(poolId);

    /// <summary>The refusal for a step on a connected pool that PoolDash does not send to it, or null.</summary>
    public XapiError? WhyNot(Guid poolId, PoolCommand command) => _masters.TryGetValue(poolId, out var master) ? command switch
    {
        ResetVdis c => new XapiError(NotCarriedOut, [command.Operation, master],
            "PoolDash does not release storage locks through the API on a pool connected through XAPI: resetvdis.py takes the SR's locks and stops its garbage collector first, which no API call can (docs/decisions/0006).",
            $"Run on the pool master: /opt/xensource/sm/resetvdis.py {c.HostId} {c.SrId}{(c.Master ? " --master" : "")} — or use host-declare-dead, whose hook releases the locks under the SR's locks. PoolDash sees the keys go as soon as the pool reports it."),
        JoinHost => new XapiError(NotCarriedOut, [command.Operation, master],
            "A host joins a pool connected through XAPI on the pool itself.",
            "Run xe pool-join on the new host; PoolDash shows it as soon as the pool reports it."),
        _ => null,
    } : null;
}
