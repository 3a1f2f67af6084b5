using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace PoolDash.Web.Notifications;

internal static class NotificationServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // A dropped connection or a 5xx is tried again at once, twice; longer waits are the dispatcher's, which keeps
        // them across restarts under the same idempotency key and never lets a slow channel hold up the others.
        services.AddHttpClient(ChannelSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .AddResilienceHandler("notifications", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            }));
        services.AddSingleton<ChannelSender>();
        services.AddSingleton<NotificationChannels>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
