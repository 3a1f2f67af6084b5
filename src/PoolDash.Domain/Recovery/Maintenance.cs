using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>
/// Ours: planned silence for a host or the whole pool, until a set time (at most <see cref="Longest"/>). While it lasts
/// a silent host is "in maintenance": no Suspect, no Dead, no Isolated, so no incident. When it ends the host gets a fresh
/// full timeout. A window can end early; none lasts for ever.
/// </summary>
public sealed record StartMaintenance(Guid PoolId, Guid WindowId, Guid? HostId, string Reason, string Owner, DateTimeOffset Until) : PoolCommand
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    public override string Operation => Operations.MaintenanceStart;

    public override Guid TargetId => HostId ?? PoolId;

    public override string? Details => $"until {Until:O}: {Reason}";

    internal override bool NeedsLiveMaster => false;

    internal override XapiError? Check(PoolState pool)
    {
        if (HostId is { } host && FindHost(pool, host, out _) is { } missing)
        {
            return missing;
        }

        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > 500)
        {
            return Xapi.InvalidValue("reason", Reason ?? "");
        }

        var now = new DateTimeOffset(pool.NowTicks, TimeSpan.Zero);
        return Until <= now || Until > now + Longest
            ? Xapi.InvalidValue("until", $"{Until:O} (after now, and at most {Longest.TotalDays:0} days ahead)")
            : null;
    }

    internal override void Apply(PoolState pool)
    {
        var window = new MaintenanceWindow(WindowId, HostId, Reason.Trim(), Owner, new DateTimeOffset(pool.NowTicks, TimeSpan.Zero), Until);
        pool.Maintenance.Add(window);
        pool.MaintenanceChanged(window, started: true);
    }

    internal override bool IsSatisfied(PoolState pool) => pool.Maintenance.Any(w => w.Id == WindowId);
}

/// <summary>Ours: a maintenance window ends early; its hosts get a fresh full timeout from now.</summary>
public sealed record EndMaintenance(Guid PoolId, Guid WindowId) : PoolCommand
{
    public override string Operation => Operations.MaintenanceEnd;

    public override Guid TargetId => PoolId;

    internal override bool NeedsLiveMaster => false;

    internal override XapiError? Check(PoolState pool) =>
        pool.Maintenance.Any(w => w.Id == WindowId && w.EndsAt.UtcTicks > pool.NowTicks) ? null : Xapi.UuidInvalid("maintenance window", WindowId);

    internal override void Apply(PoolState pool)
    {
        var window = pool.Maintenance.Single(w => w.Id == WindowId);
        pool.Maintenance.Remove(window);
        pool.MaintenanceChanged(window with { EndsAt = new DateTimeOffset(pool.NowTicks, TimeSpan.Zero) }, started: false);
    }

    internal override bool IsSatisfied(PoolState pool) => pool.Maintenance.All(w => w.Id != WindowId);
}
