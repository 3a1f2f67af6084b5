using PoolDash.Domain.Events;
using PoolDash.Domain.Pools;

namespace PoolDash.Web.Realtime;

/// <summary>
/// The hub's wire messages: the method is the event's name, the payload carries <c>poolId</c>, <c>sequence</c> and
/// <c>at</c> with the event's own fields. HostLivenessChanged names the new state <c>liveness</c>.
/// </summary>
internal static class HubMessages
{
    public static (string Method, object Message) Of(PoolEvent e) => e switch
    {
        HostLivenessChanged c => (nameof(HostLivenessChanged), new HostLivenessMessage(c.PoolId, c.Sequence, c.At, c.HostId, c.To, c.From, c.Reason)),
        _ => (e.GetType().Name, e),
    };

    public sealed record HostLivenessMessage(Guid PoolId, long Sequence, DateTimeOffset At, Guid HostId, Liveness Liveness, Liveness From, string Reason);
}
