using System.Collections.Concurrent;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// Which pools are mirrors of a real pool. Their state comes from XAPI; PoolDash does not yet carry steps out on the
/// pool itself, so a step that changes the pool is refused rather than applied to PoolDash's copy only (which the
/// next read of the pool would undo, after an operator had been told "done"). PoolDash's own settings (the two-person
/// rule) and records (an attestation that a host is off) still apply.
/// </summary>
internal sealed class ConnectedPools
{
    public const string NotCarriedOut = "XAPI_STEP_NOT_CARRIED_OUT";

    private readonly ConcurrentDictionary<Guid, string> _masters = new();

    public void Add(Guid poolId, string masterAddress) => _masters[poolId] = masterAddress;

    public bool IsConnected(Guid poolId) => _masters.ContainsKey(poolId);

    /// <summary>The refusal for a step on a connected pool, or null when the step may run (not connected, or a
    /// setting of PoolDash's own).</summary>
    public XapiError? WhyNot(Guid poolId, PoolCommand command) =>
        _masters.TryGetValue(poolId, out var master) && command is not (EnableTwoPersonRule or DisableTwoPersonRule or AttestHostDown)
            ? new XapiError(NotCarriedOut, [command.Operation, master],
                $"{command.Operation} would change only PoolDash's copy of a pool connected through XAPI ({master})",
                "Run the step on the pool itself (xe on the pool master, or XenCenter / Xen Orchestra): PoolDash shows its effect as soon as the pool reports it.")
            : null;
}
