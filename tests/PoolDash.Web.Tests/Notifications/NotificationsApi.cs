using System.Net;
using System.Net.Http.Json;
using PoolDash.Web.Notifications;

namespace PoolDash.Web.Tests.Notifications;

/// <summary>The notification endpoints as a Pool Admin calls them, and a wait on the dispatcher's own passes.</summary>
internal sealed class NotificationsApi(HttpClient admin, NotificationDispatcher dispatcher)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public async Task<ChannelView> CreateAsync(object body)
    {
        using var created = await admin.PostAsJsonAsync(new Uri("/api/v1/notifications/channels", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<ChannelView>(TestPools.Json))!;
    }

    public async Task<List<ChannelView>> ListAsync() =>
        (await admin.GetFromJsonAsync<List<ChannelView>>(new Uri("/api/v1/notifications/channels", UriKind.Relative), TestPools.Json))!;

    public async Task<ChannelView> ChannelAsync(Guid id) => (await ListAsync()).Single(c => c.Id == id);

    public async Task<List<DeliveryView>> DeliveriesAsync(Guid? channelId = null) =>
        (await admin.GetFromJsonAsync<List<DeliveryView>>(new Uri($"/api/v1/notifications/deliveries?channelId={channelId}", UriKind.Relative), TestPools.Json))!;

    /// <summary>Does <paramref name="act"/>, then waits for a dispatcher pass after which <paramref name="done"/> holds;
    /// answers what it looked at last.</summary>
    public async Task<T> UntilAsync<T>(Action act, Func<Task<T>> look, Func<T, bool> done)
    {
        var passed = new SemaphoreSlim(0);
        void OnPass() => passed.Release();
        dispatcher.Changed += OnPass;
        try
        {
            act();
            var deadline = DateTime.UtcNow + Patience;
            while (true)
            {
                var seen = await look();
                if (done(seen))
                {
                    return seen;
                }

                Assert.True(await passed.WaitAsync(Max(deadline - DateTime.UtcNow, TimeSpan.Zero)), $"the dispatcher never got there; last seen: {seen}");
            }
        }
        finally
        {
            dispatcher.Changed -= OnPass;
        }
    }

    /// <summary>Until a whole dispatcher pass has run after now.</summary>
    public Task PassAsync() => dispatcher.PassAsync().WaitAsync(Patience);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
