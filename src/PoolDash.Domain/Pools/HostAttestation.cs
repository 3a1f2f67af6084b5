namespace PoolDash.Domain.Pools;

/// <summary>A person's word that a silent host is powered off, and how they checked (DOMAIN.md: silence alone is never
/// proof). It holds until the host is heard from again.</summary>
public sealed record HostAttestation(string By, string Method, string Note, DateTimeOffset At);
