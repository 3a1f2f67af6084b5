namespace PoolDash.Web.Pools;

/// <summary>A host's new agent token, shown once, and the commands that install the agent with it in dom0.</summary>
public sealed record AgentToken(Guid HostId, string Name, string Token, string InstallCommands);
