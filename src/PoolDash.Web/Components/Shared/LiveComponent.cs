using Microsoft.AspNetCore.Components;
using PoolDash.Domain.Events;
using PoolDash.Web.Realtime;

namespace PoolDash.Web.Components.Shared;

/// <summary>
/// A page that follows the event stream: it re-reads its state when a relevant event arrives, at most once per
/// <see cref="CoalesceWindow"/>, so a burst of events (or a thousand heartbeats) is one render, and never polls.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private PoolEventStream.Subscription? _subscription;

    [Inject]
    internal PoolEventStream Stream { get; set; } = null!;

    [Inject]
    protected TimeProvider Time { get; set; } = null!;

    /// <summary>How many times the page re-read its state because of events (tests assert coalescing with it).</summary>
    public int Refreshes { get; private set; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _subscription?.Dispose();
            _stop.Dispose();
        }
    }

    protected abstract bool IsRelevant(PoolEvent e);

    /// <summary>Re-reads the page's state from the domain.</summary>
    protected abstract void Refresh();

    /// <summary>Re-reads and re-renders now, for a change that does not come as a pool event (the audit trail's timeline).</summary>
    protected void RefreshNow() => _ = InvokeAsync(() =>
    {
        Refresh();
        StateHasChanged();
    });

    protected override void OnInitialized()
    {
        _subscription = Stream.Subscribe();
        Refresh();
        _ = FollowAsync(_subscription, _stop.Token);
    }

    private async Task FollowAsync(PoolEventStream.Subscription subscription, CancellationToken cancellationToken)
    {
        var reader = subscription.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var relevant = false;
                while (reader.TryRead(out var e))
                {
                    relevant |= IsRelevant(e);
                }

                if (!relevant)
                {
                    continue;
                }

                // Let the rest of the burst arrive; the state read afterwards includes all of it.
                await Task.Delay(CoalesceWindow, Time, cancellationToken).ConfigureAwait(false);
                while (reader.TryRead(out _))
                {
                }

                await InvokeAsync(() =>
                {
                    Refreshes++;
                    Refresh();
                    StateHasChanged();
                }).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The page went away.
        }
    }
}
