using PoolDash.Domain.Pools;
using PoolDash.Domain.Snapshots;

namespace PoolDash.Web.Components.Shared;

/// <summary>A host as the pages say it.</summary>
internal static class HostWords
{
    /// <summary>Its part in the pool: a dead master another host replaced says "old master" until it is demoted.</summary>
    public static string Role(HostView host) => host.IsPoolMaster ? "master" : host.Role == HostRole.Master ? "old master" : "member";
}
