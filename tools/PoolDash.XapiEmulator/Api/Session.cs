namespace PoolDash.XapiEmulator.Api;

/// <summary>A logged-in session. A slave-local one (emergency login on a member) is valid on its own host only.</summary>
internal sealed record Session(string Ref, string HostRef, string User, bool SlaveLocal);
