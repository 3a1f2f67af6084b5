using PoolDash.Domain.Errors;

namespace PoolDash.Domain.Recovery;

/// <summary>One operation a plan step proposes, the command line it stands for on the pool master, and why it would
/// be refused right now (null: it can run).</summary>
public sealed record PlanAction(PoolCommand Command, string Label, string CommandLine, XapiError? BlockedBy);
