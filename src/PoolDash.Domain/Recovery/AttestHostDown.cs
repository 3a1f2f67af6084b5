using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Domain.Recovery;

/// <summary>
/// Ours: a person vouches that a silent host is powered off and says how they checked (out-of-band console,
/// physically, …). Step 1 of the recovery plan is done only with this and every channel silent past the timeout.
/// Refused while any channel still sees the host: nobody can vouch for "off" against a live sign.
/// </summary>
public sealed record AttestHostDown(Guid HostId, string Method, string Note, string By) : PoolCommand
{
    public const int MethodMaxLength = 200;
    public const int NoteMaxLength = 2000;

    public override string Operation => Operations.HostAttestDown;

    public override Guid TargetId => HostId;

    public override string? Details => $"checked: {Method.Trim()}{((Note ?? "").Trim() is { Length: > 0 } note ? $" — {note}" : "")}";

    /// <summary>A dead master is attested like any host: its pool has no live master to run anything.</summary>
    internal override bool NeedsLiveMaster => false;

    internal override XapiError? Check(PoolState pool)
    {
        if (FindHost(pool, HostId, out var host) is { } missing)
        {
            return missing;
        }

        if (string.IsNullOrWhiteSpace(Method) || Method.Length > MethodMaxLength)
        {
            return Xapi.InvalidValue("method", Method ?? "");
        }

        if ((Note ?? "").Length > NoteMaxLength)
        {
            return Xapi.InvalidValue("note", $"{Note!.Length} characters (at most {NoteMaxLength})");
        }

        return host.IsSeen ? Xapi.HostIsLive(host, isMaster: false) : null;
    }

    internal override void Apply(PoolState pool)
    {
        var host = pool.Hosts[HostId];
        host.Attestation = new HostAttestation(By, Method.Trim(), (Note ?? "").Trim(), new DateTimeOffset(pool.NowTicks, TimeSpan.Zero));
        pool.Raise(new HostAttested(HostId, host.Attestation));
    }

    internal override bool IsSatisfied(PoolState pool) =>
        pool.Hosts.TryGetValue(HostId, out var host)
        && host.Attestation is { } given
        && given.By == By && given.Method == Method.Trim() && given.Note == (Note ?? "").Trim();
}
