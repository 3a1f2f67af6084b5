using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>
/// <c>/opt/xensource/sm/resetvdis.py HOST SR [master]</c> (SM's reset_sr): remove HOST's attach key from every VDI
/// of SR; with <paramref name="Master"/> also the SR master's paused/activating flags. Without master after the SR
/// master died, those flags stay and the disks still cannot be attached.
/// </summary>
public sealed record ResetVdis(Guid HostId, Guid SrId, bool Master) : PoolCommand
{
    public override string Operation => Operations.ResetVdis;

    public override Guid TargetId => SrId;

    internal override XapiError? Check(PoolState pool)
    {
        if (FindHost(pool, HostId, out var host) is { } missing)
        {
            return missing;
        }

        if (!pool.Srs.TryGetValue(SrId, out var sr))
        {
            return Xapi.UuidInvalid("SR", SrId);
        }

        // The script only warns; PoolDash refuses, because clearing a live host's locks is how disks get corrupted.
        if (host.IsLive)
        {
            return Xapi.HostIsLive(host, isMaster: false);
        }

        return Master && !pool.WasSrMaster(host, sr) ? Xapi.SrMasterMismatch(host, sr) : null;
    }

    internal override void Apply(PoolState pool)
    {
        var reason = Master ? "resetvdis (master)" : "resetvdis";
        pool.RemoveAttachKeys(HostId, SrId, reason);
        if (Master)
        {
            pool.ClearFlags(SrId, reason);
        }
    }

    internal override bool IsSatisfied(PoolState pool) =>
        pool.VdisOf(SrId).All(v => !v.AttachKeys.ContainsKey(HostId) && (!Master || !v.IsFlagged));
}
