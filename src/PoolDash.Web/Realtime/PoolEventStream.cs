using System.Threading.Channels;
using PoolDash.Domain.Events;

namespace PoolDash.Web.Realtime;

/// <summary>
/// The one in-process stream of pool events: the store, the SignalR hub and the pages all read from it. Each pool
/// hands its events over under its own lock, in sequence order, the moment they happen (it is every pool's
/// <see cref="IPoolEventSink"/>), so the stream delivers them as they come and never waits for a missing one: no
/// caller stands between a pool and its listeners.
/// </summary>
internal sealed class PoolEventStream : IPoolEventSink
{
    private readonly Lock _gate = new();
    private readonly List<Channel<PoolEvent>> _subscribers = [];

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
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(e);
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
}
