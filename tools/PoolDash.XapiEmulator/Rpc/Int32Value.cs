namespace PoolDash.XapiEmulator.Rpc;

/// <summary>XAPI's one int32 on the wire (<c>valid_ref_counts</c>): XML-RPC writes it as <c>&lt;i4&gt;</c>, unlike
/// every int64, which goes untyped.</summary>
internal readonly record struct Int32Value(int Value);
