namespace PoolDash.Web.Heartbeats;

/// <summary>A heartbeat's body, <c>{"hostId":"…"}</c>: what the OpenAPI document shows the agents (the endpoint reads it
/// with a <see cref="System.Text.Json.Utf8JsonReader"/>, not through this type).</summary>
public sealed record HeartbeatBody(Guid HostId);
