using PoolDash.Domain.Errors;
using PoolDash.Domain.Snapshots;

namespace PoolDash.Domain.Recovery;

/// <summary>Gate 3: a step the guide warns can corrupt data runs only with the target's exact name typed (and for
/// resetvdis the SR's) and the guide's warning acknowledged.</summary>
public static class Confirmations
{
    public static XapiError? Check(PoolSnapshot pool, PoolCommand command, OperationConfirmation? confirmation)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(command);
        var info = command.Info;
        if (!info.Dangerous)
        {
            return null;
        }

        var target = TargetNames.Of(pool, command);
        if (confirmation?.TargetName != target)
        {
            return Xapi.ConfirmationRequired($"confirmation.targetName must be '{target}'", info.Warning);
        }

        if (command is ResetVdis reset && pool.Srs.FirstOrDefault(s => s.Id == reset.SrId)?.Name is { } sr && confirmation.SrName != sr)
        {
            return Xapi.ConfirmationRequired($"confirmation.srName must be '{sr}'", info.Warning);
        }

        return confirmation.AcknowledgeWarning ? null : Xapi.ConfirmationRequired("confirmation.acknowledgeWarning must be true", info.Warning);
    }

    /// <summary>A step that lowers the HA plan (<see cref="Pools.Pool.HaImpactOf"/>) runs only once what it costs was read,
    /// whatever the step: starting a VM is no danger to data, but it can leave the next failure without a restart.</summary>
    public static XapiError? CheckHa(Ha.HaImpact? impact, OperationConfirmation? confirmation) =>
        impact is { Lowers: true } && confirmation?.AcknowledgeHaPlan != true ? Xapi.HaPlanNotAcknowledged(impact) : null;
}
