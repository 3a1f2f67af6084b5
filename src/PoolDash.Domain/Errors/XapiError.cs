namespace PoolDash.Domain.Errors;

/// <summary>
/// A refusal in XAPI's words: the wire name an operator knows from <c>xe</c>, its parameters,
/// what is wrong and what to do next.
/// </summary>
public sealed record XapiError(string Name, IReadOnlyList<string> Params, string Message, string NextStep)
{
    public override string ToString() => Params.Count == 0 ? Name : $"{Name} [{string.Join(", ", Params)}]";
}
