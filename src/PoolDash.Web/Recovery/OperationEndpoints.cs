using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Auth;
using PoolDash.Web.Pools;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Recovery;

/// <summary>
/// Operations and two-person approvals for automation, through the same gates as the pages (see
/// <see cref="RecoveryService"/>). They take a bearer token from <c>/api/v1/auth/login</c>, never the page's cookie.
/// Refusals are problem details naming the gate and the error.
/// </summary>
internal static class OperationEndpoints
{
    private const string Origin = Origins.Api;

    public static void MapOperationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/pools/{id:guid}/operations", RunAsync).WithTags("Operations").RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Run a recovery operation (host-forget, host-declare-dead, vm-reset-powerstate, resetvdis, vm-start, …) with its confirmation; 202 when it waits for a second Pool Admin.")
            .Reads<OperationRequest>().Answers<OperationResponse>().Answers<OperationResponse>(StatusCodes.Status202Accepted).SignedIn()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        app.MapPost("/api/v1/pools/{id:guid}/hosts/{hostId:guid}/attest-down", AttestDownAsync).WithTags("Operations").RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Vouch that a silent host is powered off and say how you checked (Pool Operator or above): step 1 of its recovery plan. Refused while any channel still sees the host.")
            .Reads<AttestDownRequest>().Answers<OperationResponse>().SignedIn()
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        app.MapPost("/api/v1/pools/{id:guid}/maintenance", StartMaintenanceAsync).WithTags("Operations").RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Planned silence for a host (hostId) or the whole pool (hostId null), with a reason, until a time at most 7 days ahead (Pool Operator or above): no Suspect, no Dead, no incident; a fresh full timeout when it ends.")
            .Reads<MaintenanceRequest>().Answers<MaintenanceWindow>(StatusCodes.Status201Created).SignedIn()
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/pools/{id:guid}/maintenance", (Guid id, PoolRegistry registry) =>
                registry.Find(id) is { } pool ? Results.Ok(pool.Snapshot().Maintenance) : ApiProblems.Of(Xapi.UuidInvalid("pool", id)))
            .WithTags("Operations").WithSummary("The pool's maintenance windows still to end.").Answers<List<MaintenanceWindow>>().SignedIn()
            .Problems(StatusCodes.Status404NotFound);
        app.MapDelete("/api/v1/pools/{id:guid}/maintenance/{windowId:guid}", async (Guid id, Guid windowId, HttpRequest http, UserDirectory users,
                    RecoveryService recovery, CancellationToken ct) =>
                await users.FindAsync(http.HttpContext.User).ConfigureAwait(false) is { } who
                    ? Answer(await recovery.RequestAsync(id, new EndMaintenance(id, windowId), null, who, Origin, ct).ConfigureAwait(false))
                    : ApiProblems.NotSignedIn())
            .WithTags("Operations").RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("End a maintenance window early: its hosts get a fresh full timeout from now.").Answers<OperationResponse>().SignedIn()
            .Problems(StatusCodes.Status404NotFound);
        var approvals = app.MapGroup("/api/v1/approvals").WithTags("Operations");
        approvals.MapGet("/", (Guid? poolId, ApprovalBook book, TimeProvider time) => book.Pending(poolId, time.GetUtcNow()).Select(ApprovalView.Of))
            .WithSummary("Requests waiting for a second Pool Admin.").SignedIn();
        approvals.MapGet("/{id:guid}", (Guid id, ApprovalBook book) =>
                book.Find(id) is { } approval ? Results.Ok(ApprovalView.Of(approval)) : ApiProblems.Of(Xapi.UuidInvalid("approval", id)))
            .WithSummary("One request, decided or not.").Answers<ApprovalView>().SignedIn().Problems(StatusCodes.Status404NotFound);
        approvals.MapPost("/{id:guid}", async (Guid id, HttpContext http, UserDirectory users, RecoveryService recovery, CancellationToken ct) =>
                await users.FindAsync(http.User).ConfigureAwait(false) is { } who
                    ? Answer(await recovery.ApproveAsync(id, who, Origin, ct).ConfigureAwait(false))
                    : ApiProblems.NotSignedIn())
            .RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Approve a pending request as a second Pool Admin; every gate is checked again and the step runs.")
            .Answers<OperationResponse>().SignedIn().Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        approvals.MapPost("/{id:guid}/cancel", async (Guid id, HttpContext http, UserDirectory users, RecoveryService recovery, CancellationToken ct) =>
                await users.FindAsync(http.User).ConfigureAwait(false) is { } who
                    ? Answer(await recovery.CancelAsync(id, who, Origin, ct).ConfigureAwait(false))
                    : ApiProblems.NotSignedIn())
            .RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Withdraw your own pending request.").Answers<OperationResponse>().SignedIn()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> RunAsync(Guid id, HttpRequest http, UserDirectory users, RecoveryService recovery, CancellationToken cancellationToken)
    {
        var (request, invalid) = await JsonBody.ReadAsync<OperationRequest>(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return invalid!;
        }

        if (await users.FindAsync(http.HttpContext.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        var (command, problem) = request.ToCommand(id);
        if (command is null)
        {
            return ApiProblems.AtGate("request", StatusCodes.Status400BadRequest, "INVALID_OPERATION", $"The operation cannot be run: {problem}",
                "See the OpenAPI document at /openapi/v1.json for each operation's fields.");
        }

        return Answer(await recovery.RequestAsync(id, command, request.Confirmation, who, Origin, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> AttestDownAsync(Guid id, Guid hostId, HttpRequest http, UserDirectory users, RecoveryService recovery,
        CancellationToken cancellationToken)
    {
        var (request, invalid) = await JsonBody.ReadAsync<AttestDownRequest>(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return invalid!;
        }

        if (await users.FindAsync(http.HttpContext.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        var attest = new AttestHostDown(hostId, request.Method ?? "", request.Note ?? "", who.Name);
        return Answer(await recovery.RequestAsync(id, attest, null, who, Origin, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> StartMaintenanceAsync(Guid id, HttpRequest http, UserDirectory users, RecoveryService recovery, PoolRegistry registry,
        CancellationToken cancellationToken)
    {
        var (request, invalid) = await JsonBody.ReadAsync<MaintenanceRequest>(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return invalid!;
        }

        if (await users.FindAsync(http.HttpContext.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        if (request.Until is not { } until)
        {
            return ApiProblems.Of(Xapi.InvalidValue("until", "missing: give the end, with its time zone (2026-12-01T18:00:00+01:00)"));
        }

        var start = new StartMaintenance(id, Guid.NewGuid(), request.HostId, request.Reason ?? "", who.Name, until);
        var outcome = await recovery.RequestAsync(id, start, null, who, Origin, cancellationToken).ConfigureAwait(false);
        return outcome.Status == OperationStatus.Performed && registry.Find(id)?.Snapshot().Maintenance.FirstOrDefault(w => w.Id == start.WindowId) is { } window
            ? TypedResults.Created($"/api/v1/pools/{id}/maintenance/{window.Id}", window)
            : Answer(outcome);
    }

    private static IResult Answer(OperationOutcome outcome) => outcome.Status switch
    {
        OperationStatus.Performed => TypedResults.Ok(new OperationResponse("performed", null, null, View(outcome), outcome.Note)),
        OperationStatus.NotSeen => TypedResults.Accepted((string?)null,
            new OperationResponse("sent-not-seen", null, null, View(outcome), $"{outcome.Error!.Name}: {outcome.Error.Message} {outcome.Error.NextStep}")),
        OperationStatus.AlreadyDone => TypedResults.Ok(new OperationResponse("already-done", outcome.Earlier!.Actor, outcome.Earlier.At, View(outcome))),
        OperationStatus.Pending => TypedResults.Accepted($"/api/v1/approvals/{outcome.Approval!.Id}",
            new OperationResponse("pending", outcome.Approval.RequestedBy, outcome.Approval.RequestedAt, View(outcome))),
        OperationStatus.Cancelled => TypedResults.Ok(new OperationResponse("cancelled", outcome.Approval!.DecidedBy, outcome.Approval.DecidedAt, View(outcome))),
        _ => ApiProblems.AtGate(outcome.Gate!.Value.ToString().ToLowerInvariant(), ProblemStatus.For(outcome.Error!, outcome.Gate), outcome.Error!),
    };

    private static ApprovalView? View(OperationOutcome outcome) => outcome.Approval is { } approval ? ApprovalView.Of(approval) : null;
}
