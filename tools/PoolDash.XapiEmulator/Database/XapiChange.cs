namespace PoolDash.XapiEmulator.Database;

/// <summary>One change to one object at one database generation: what <c>event.from</c> reports
/// (<c>add</c>, <c>mod</c> or <c>del</c>).</summary>
internal sealed record XapiChange(long Generation, string Class, string Ref, string Operation);
