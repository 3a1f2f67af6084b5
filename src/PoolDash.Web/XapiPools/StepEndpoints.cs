using PoolDash.Web.Auth;
using PoolDash.Web.Problems;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.XapiPools;

/// <summary>The steps sent to a connected pool that it has not shown yet, and the operator's "checked: it did not
/// happen" for one that was not seen.</summary>
internal static class StepEndpoints
{
    public static void MapStepEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/pools/{id:guid}/steps", (Guid id, XapiSteps steps) => TypedResults.Ok(steps.Open(id).Select(StepView.Of).ToList()))
            .WithTags("Operations").WithSummary("Steps sent to the connected pool that it has not shown yet: waiting (sent) or not seen.").SignedIn();
        app.MapPost("/api/v1/pools/{id:guid}/steps/{stepId:guid}/dismiss", async (Guid id, Guid stepId, HttpRequest http, UserDirectory users,
                RecoveryService recovery, CancellationToken ct) =>
            {
                var (request, invalid) = await JsonBody.ReadAsync<Incidents.IncidentNote>(http, ct).ConfigureAwait(false);
                if (request is null)
                {
                    return invalid!;
                }

                if (await users.FindAsync(http.HttpContext.User).ConfigureAwait(false) is not { } who)
                {
                    return ApiProblems.NotSignedIn();
                }

                return await recovery.DismissNotSeenAsync(id, stepId, who, Origins.Api, (request.Note ?? "").Trim()).ConfigureAwait(false) is { } refused
                    ? ApiProblems.Of(refused)
                    : Results.NoContent();
            })
            .WithTags("Operations").RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("After checking the pool: a step it has not shown did not happen, so PoolDash stops waiting for it (by someone who may run that step; audited).")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}

/// <summary>A step on its way to a connected pool, as the API shows it.</summary>
public sealed record StepView(Guid Id, string Operation, Guid TargetId, string Call, string SentBy, DateTimeOffset SentAt, string Status)
{
    internal static StepView Of(XapiStep step) => new(step.Id, step.Command.Operation, step.Command.TargetId, step.CallText, step.Actor, step.SentAt,
        step.FromBeforeRestart ? XapiStepRecord.NotSeen : step.Status);
}
