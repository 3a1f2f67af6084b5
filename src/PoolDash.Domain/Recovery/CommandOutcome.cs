namespace PoolDash.Domain.Recovery;

public enum CommandOutcome
{
    /// <summary>The preconditions held and the effect was applied.</summary>
    Performed,

    /// <summary>The same command was already performed and its effect still holds: nothing was done again.</summary>
    AlreadyDone,

    /// <summary>A precondition failed; nothing changed.</summary>
    Refused,
}
