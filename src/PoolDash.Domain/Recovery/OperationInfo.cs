namespace PoolDash.Domain.Recovery;

/// <summary>What an operation is: its <c>xe</c> name, the least role that may run it, whether the guide warns
/// of data corruption (typed confirmation), and whether it needs a second Pool Admin by default.</summary>
public sealed record OperationInfo(
    string Name,
    Role RequiredRole,
    bool Dangerous,
    bool TwoPersonByDefault,
    string Warning);
