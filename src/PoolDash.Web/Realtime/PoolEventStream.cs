using System.Threading.Channels;
using PoolDash.Domain.Events;

namespace PoolDash.Web.Realtime;

/// <summary>
/// The one in-process stream of pool events: the store, the SignalR hub and the pages all read from it. Events of
/// a pool are delivered in sequence order even when the threads that produced them publish out of order (they are
/// made under the pool's lock but published after it is released).
/// </summary>
internal sealed class PoolEventStream
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, PoolOrder> _pools = [];
    private readonly List<Channel<PoolEvent>> _subscribers = [];

    /// <summary>Starts ordering a pool's events after <paramref name="sequence"/>, its snapshot's sequence now.</summary>
    public void Track(Guid poolId, long sequence)
    {
        lock (_gate)
        {
            _pools[poolId] = new PoolOrder(sequence + 1);
        }
    }

    public void Untrack(Guid poolId)
    {
        lock (_gate)
        {
            _pools.Remove(poolId);
        }
    }

    public void Publish(IReadOnlyList<PoolEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var e in events)
            {
                if (!_pools.TryGetValue(e.PoolId, out var order))
                {
                    continue;
                }

                order.Pending[e.Sequence] = e;
                while (order.Pending.Remove(order.Next, out var next))
                {
                    order.Next++;
                    foreach (var subscriber in _subscribers)
                    {
                        subscriber.Writer.TryWrite(next);
                    }
                }
            }
        }
    }

    /// <summary>Every event from now on, in order per pool, until the subscription is disposed.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<PoolEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    private void Remove(Channel<PoolEvent> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    public sealed class Subscription : IDisposable
    {
        private readonly PoolEventStream _stream;
        private readonly Channel<PoolEvent> _channel;

        internal Subscription(PoolEventStream stream, Channel<PoolEvent> channel)
        {
            _stream = stream;
            _channel = channel;
        }

        public ChannelReader<PoolEvent> Reader => _channel.Reader;

        public void Dispose() => _stream.Remove(_channel);
    }

    private sealed class PoolOrder(long next)
    {
        public long Next { get; set; } = next;

        public SortedDictionary<long, PoolEvent> Pending { get; } = [];
    }
}
