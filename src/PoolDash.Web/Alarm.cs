namespace PoolDash.Web;

/// <summary>
/// A background loop's sleep: until a time on the clock, or until someone rings. A ring while the loop is awake is
/// kept for its next sleep, so nothing rung is missed; many rings before it looks are one.
/// </summary>
internal sealed class Alarm(TimeProvider time)
{
    private TaskCompletionSource _rung = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Ring() => Volatile.Read(ref _rung).TrySetResult();

    public async Task SleepUntilAsync(DateTimeOffset until, CancellationToken stopping)
    {
        var rung = Volatile.Read(ref _rung).Task;
        var wait = until - time.GetUtcNow();
        if (wait > TimeSpan.Zero && !rung.IsCompleted)
        {
            using var woken = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var due = Task.Delay(wait, time, woken.Token);
            // The clock may have moved while the timer was being set up (a test's fake clock can): then it is due now.
            if (time.GetUtcNow() < until)
            {
                await Task.WhenAny(due, rung).ConfigureAwait(false);
            }

            await woken.CancelAsync().ConfigureAwait(false);
        }

        // Rings until now are answered by the look the caller takes next; a later one wakes the next sleep.
        if (rung.IsCompleted)
        {
            Interlocked.Exchange(ref _rung, new(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        stopping.ThrowIfCancellationRequested();
    }
}
