using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Audit;
using PoolDash.Web.Persistence;
using PoolDash.Web.Pools;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Recovery;

/// <summary>
/// Operations for automation, through the same gates as the pages, in order: the pool's state at the moment of
/// execution (XAPI's error), then the typed confirmation for the steps the guide warns about. Every attempt is
/// audited, whatever gate refuses it.
/// </summary>
internal static class OperationEndpoints
{
    public const string Actor = "api";

    public static void MapOperationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/pools/{id:guid}/operations", RunAsync).WithTags("Operations")
            .WithSummary("Run a recovery operation (host-forget, host-declare-dead, vm-reset-powerstate, resetvdis, vm-start, …) with its confirmation.");
    }

    private static async Task<IResult> RunAsync(Guid id, HttpRequest http, PoolRegistry registry, RecoveryService recovery, PoolStore store,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, invalid) = await JsonBody.ReadAsync<OperationRequest>(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return invalid!;
        }

        if (registry.Find(id) is not { } pool)
        {
            return ApiProblems.AtGate("request", Xapi.UuidInvalid("pool", id));
        }

        var (command, problem) = request.ToCommand(id);
        if (command is null)
        {
            return ApiProblems.AtGate("request", StatusCodes.Status400BadRequest, "INVALID_OPERATION", $"The operation cannot be run: {problem}",
                "See the OpenAPI document at /openapi/v1.json for each operation's fields.");
        }

        // Gate 2, state: checked first so a refused step says why in XAPI's words; the command re-checks when it runs.
        if (pool.WhyNot(command) is not null)
        {
            return Answer(await recovery.RunAsync(id, command, Actor, "api", cancellationToken).ConfigureAwait(false));
        }

        // Gate 3, typed confirmation, for the steps the guide warns can corrupt data.
        var info = Operations.Get(command.Operation);
        if (info.Dangerous && ConfirmationProblem(pool.Snapshot(), command, request.Confirmation) is { } missing)
        {
            await store.AppendAuditAsync([new AuditDraft(time.GetUtcNow(), Actor, "api", id, command.TargetId, command.Operation, "refused",
                $"confirmation: {missing}")], cancellationToken).ConfigureAwait(false);
            return ApiProblems.AtGate("confirmation", StatusCodes.Status400BadRequest, "CONFIRMATION_REQUIRED", $"Not confirmed: {missing}",
                $"Send confirmation.targetName (and for resetvdis confirmation.srName) exactly as PoolDash shows them, with acknowledgeWarning: true. The guide's warning: {info.Warning}");
        }

        return Answer(await recovery.RunAsync(id, command, Actor, "api", cancellationToken).ConfigureAwait(false));
    }

    private static string? ConfirmationProblem(Domain.Snapshots.PoolSnapshot pool, PoolCommand command, OperationConfirmation? confirmation)
    {
        var target = TargetNames.Of(pool, command);
        if (confirmation?.TargetName != target)
        {
            return $"confirmation.targetName must be '{target}'";
        }

        if (command is ResetVdis reset && pool.Srs.FirstOrDefault(s => s.Id == reset.SrId)?.Name is { } sr && confirmation.SrName != sr)
        {
            return $"confirmation.srName must be '{sr}'";
        }

        return confirmation.AcknowledgeWarning ? null : "confirmation.acknowledgeWarning must be true";
    }

    private static IResult Answer(CommandResult result) => result.Outcome switch
    {
        CommandOutcome.Performed => TypedResults.Ok(new OperationResponse("performed", null, null)),
        CommandOutcome.AlreadyDone => TypedResults.Ok(new OperationResponse("already-done", result.Earlier!.Actor, result.Earlier.At)),
        _ => ApiProblems.AtGate("state", result.Error!),
    };
}
