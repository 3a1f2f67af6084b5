using PoolDash.Domain.Errors;
using PoolDash.Web.Auth;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Notifications;

/// <summary><c>/api/v1/notifications/channels</c>: list, create, change, delete and test the channels (Pool Admin).</summary>
internal static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/v1/notifications/channels").WithTags("Notifications").RequireAuthorization(AuthSetup.ApiWriter);
        channels.MapGet("/", ListAsync).WithSummary("The channels, with their last success and last error; never their secrets (Pool Admin).")
            .Answers<List<ChannelView>>().SignedIn();
        channels.MapPost("/", (HttpRequest http, UserDirectory users, NotificationChannels all, CancellationToken ct) =>
                WithBodyAsync(http, users, async (who, body) => await all.CreateAsync(who, Origins.Api, body).ConfigureAwait(false) is var (created, error)
                    && created is not null
                    ? TypedResults.Created($"/api/v1/notifications/channels/{created.Id}", ChannelView.Of(created))
                    : ApiProblems.Of(error!), ct))
            .WithSummary("Create a channel: webhook (signed), slack, mattermost, teams or email.").Reads<ChannelRequest>()
            .Answers<ChannelView>(StatusCodes.Status201Created).SignedIn();
        channels.MapPut("/{id:guid}", (Guid id, HttpRequest http, UserDirectory users, NotificationChannels all, CancellationToken ct) =>
                WithBodyAsync(http, users, async (who, body) => await all.ChangeAsync(who, Origins.Api, id, body).ConfigureAwait(false) is var (changed, error)
                    && changed is not null
                    ? TypedResults.Ok(ChannelView.Of(changed))
                    : ApiProblems.Of(error!), ct))
            .WithSummary("Change a channel; a secret left out is kept.").Reads<ChannelRequest>().Answers<ChannelView>().SignedIn()
            .Problems(StatusCodes.Status404NotFound);
        channels.MapDelete("/{id:guid}", async (Guid id, HttpContext http, UserDirectory users, NotificationChannels all) =>
                await users.FindAsync(http.User).ConfigureAwait(false) is not { } who ? ApiProblems.NotSignedIn()
                : await all.DeleteAsync(who, Origins.Api, id).ConfigureAwait(false) is { } error ? ApiProblems.Of(error)
                : TypedResults.NoContent())
            .WithSummary("Delete a channel; what it was still owed is dropped.").SignedIn().Problems(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/notifications/deliveries", async (Guid? channelId, int? take, HttpContext http, UserDirectory users, NotificationChannels all,
                CancellationToken ct) =>
                await users.FindAsync(http.User).ConfigureAwait(false) is not { } who ? ApiProblems.NotSignedIn()
                : who.Role < NotificationChannels.Manager ? ApiProblems.Of(Xapi.PermissionDenied("notification-delivery-list", who.Role, NotificationChannels.Manager))
                : take is < 1 or > 1000 ? ApiProblems.Of(Xapi.InvalidValue("take", $"{take} (1 to 1000)"))
                : TypedResults.Ok(await all.DeliveriesAsync(channelId, take ?? 100, ct).ConfigureAwait(false)))
            .WithTags("Notifications").RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("The latest messages owed or sent, newest first: pending, delivered, muted (a flap, or said by a later one) or failed (Pool Admin).")
            .Answers<List<DeliveryView>>().SignedIn();
        channels.MapPost("/{id:guid}/test", TestAsync).WithSummary("Send a test message now; answers whether the channel took it.")
            .Answers<ChannelView>().SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway);
    }

    private static async Task<IResult> ListAsync(HttpContext http, UserDirectory users, NotificationChannels all, CancellationToken ct)
    {
        if (await users.FindAsync(http.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        return who.Role < NotificationChannels.Manager
            ? ApiProblems.Of(Xapi.PermissionDenied("notification-channel-list", who.Role, NotificationChannels.Manager))
            : TypedResults.Ok((await all.ListAsync(ct).ConfigureAwait(false)).Select(ChannelView.Of).ToList());
    }

    private static async Task<IResult> TestAsync(Guid id, HttpContext http, UserDirectory users, NotificationChannels all, CancellationToken ct)
    {
        if (await users.FindAsync(http.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        var (channel, error, failure) = await all.TestAsync(who, Origins.Api, id, ct).ConfigureAwait(false);
        return error is not null ? ApiProblems.Of(error)
            : failure is not null ? ApiProblems.Of(StatusCodes.Status502BadGateway, "NOTIFICATION_CHANNEL_FAILED", $"The channel did not take the test message: {failure}",
                "Check the channel's address and credentials (change it with PUT), and that the receiver is reachable from PoolDash; then test again.", id.ToString())
            : TypedResults.Ok(ChannelView.Of(channel!));
    }

    private static async Task<IResult> WithBodyAsync(HttpRequest http, UserDirectory users, Func<Operator, ChannelRequest, Task<IResult>> act, CancellationToken ct)
    {
        var (body, invalid) = await JsonBody.ReadAsync<ChannelRequest>(http, ct).ConfigureAwait(false);
        if (body is null)
        {
            return invalid!;
        }

        return await users.FindAsync(http.HttpContext.User).ConfigureAwait(false) is { } who
            ? await act(who, body).ConfigureAwait(false)
            : ApiProblems.NotSignedIn();
    }
}
