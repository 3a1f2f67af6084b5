using PoolDash.Domain.Errors;
using PoolDash.Domain.Events;

namespace PoolDash.Domain.Recovery;

/// <summary>What became of a command: its events when performed, the earlier performance when already done, the
/// XAPI error when refused (with the <see cref="OperationRefused"/> event that records it).</summary>
public sealed record CommandResult(
    CommandOutcome Outcome,
    IReadOnlyList<PoolEvent> Events,
    XapiError? Error,
    AppliedCommand? Earlier)
{
    public bool Succeeded => Outcome != CommandOutcome.Refused;
}
