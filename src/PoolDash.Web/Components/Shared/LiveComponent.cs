using Microsoft.AspNetCore.Components;
using PoolDash.Domain.Events;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Components.Shared;

/// <summary>
/// A page that follows the event stream and never polls. An isolated change renders at once; a burst renders at
/// most once per <see cref="ThrottleWindow"/> (so a thousand heartbeats are a few renders). The follow loop is a
/// task the page owns and awaits when it goes away, and an error in it is the page's error (shown by the layout's
/// error boundary, with what to do), never a page that silently stops updating.
/// </summary>
public abstract class LiveComponent : ComponentBase, IAsyncDisposable
{
    public static readonly TimeSpan ThrottleWindow = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private PoolEventStream.Subscription? _subscription;
    private Task _following = Task.CompletedTask;
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    [Inject]
    internal PoolEventStream Stream { get; set; } = null!;

    [Inject]
    protected TimeProvider Time { get; set; } = null!;

    /// <summary>How many times the page re-read its state because of events.</summary>
    internal int Refreshes { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        await _following;
        await DisposeAsyncCore();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a page lets go of when it goes away (its own subscriptions, timers).</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;

    protected abstract bool IsRelevant(PoolEvent e);

    /// <summary>Re-reads the page's state from the domain.</summary>
    protected abstract void Refresh();

    /// <summary>Re-reads and re-renders now, for a change that does not come as a pool event (the audit trail's
    /// timeline). Called from other threads; an error becomes the page's error.</summary>
    protected void RefreshNow() => _ = RenderRefreshAsync();

    protected override void OnInitialized()
    {
        _subscription = Stream.Subscribe();
        Refresh();
        _following = FollowAsync(_subscription, _stop.Token);
    }

    private async Task FollowAsync(PoolEventStream.Subscription subscription, CancellationToken cancellationToken)
    {
        var reader = subscription.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                if (!DrainRelevant(reader))
                {
                    continue;
                }

                // Leading edge: at once when the page has not refreshed within the window; otherwise wait out the
                // window, and the state read then includes the whole burst.
                var wait = _lastRefresh + ThrottleWindow - Time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, Time, cancellationToken);
                    DrainRelevant(reader);
                }

                _lastRefresh = Time.GetUtcNow();
                await RenderRefreshAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private bool DrainRelevant(System.Threading.Channels.ChannelReader<PoolEvent> reader)
    {
        var relevant = false;
        while (reader.TryRead(out var e))
        {
            relevant |= IsRelevant(e);
        }

        return relevant;
    }

    private async Task RenderRefreshAsync()
    {
        try
        {
            await InvokeAsync(() =>
            {
                Refreshes++;
                Refresh();
                StateHasChanged();
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone with the page.
        }
        catch (Exception e)
        {
            // The page's own error: the layout's error boundary shows it and what to do.
            await DispatchExceptionAsync(e);
        }
    }
}
