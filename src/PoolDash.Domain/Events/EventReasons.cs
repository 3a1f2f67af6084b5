namespace PoolDash.Domain.Events;

/// <summary>The reasons that listeners branch on (the audit trail records PoolDash's own decisions, not an
/// operator's, whose attempt is already the entry), written here once for the domain and its readers.</summary>
public static class EventReasons
{
    /// <summary>A master elected by HA (<see cref="MasterChanged"/>).</summary>
    public const string HaElection = "ha-election";

    /// <summary>A master promoted by an operator's emergency transition (<see cref="MasterChanged"/>).</summary>
    public const string EmergencyTransition = "emergency-transition";

    /// <summary>A liveness change an operator made (declare dead, forget) rather than PoolDash's monitor.</summary>
    public const string ByOperatorSuffix = "by operator";

    public static bool IsOperators(string reason) => reason.EndsWith(ByOperatorSuffix, StringComparison.Ordinal);
}
