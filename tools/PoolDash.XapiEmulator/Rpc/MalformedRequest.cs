namespace PoolDash.XapiEmulator.Rpc;

/// <summary>A request XAPI cannot even dispatch (bad XML, a JSON-RPC call without an id, a batch): answered with
/// HTTP 500 and an HTML body, as XAPI does.</summary>
internal sealed class MalformedRequest(string message) : Exception(message);
