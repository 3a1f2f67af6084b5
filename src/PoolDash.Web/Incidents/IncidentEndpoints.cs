using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Auth;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Incidents;

/// <summary>Incidents for automation: read them; acknowledge ("I'm on it", with why) or resolve one with a note.</summary>
internal static class IncidentEndpoints
{
    public static void MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/v1/incidents").WithTags("Incidents");
        incidents.MapGet("/", (Guid? poolId, string? state, IncidentBook book) => TypedResults.Ok(book.List(poolId, state).Select(IncidentView.Of).ToList()))
            .WithSummary("Incidents, newest first, by pool and state (triggered, acknowledged, resolved).").SignedIn();
        incidents.MapPost("/{id:guid}/acknowledge", (Guid id, HttpRequest http, UserDirectory users, IncidentBook book, CancellationToken ct) =>
                DecideAsync(id, http, users, book, IncidentBook.OperationAcknowledge, ct))
            .RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Say you are on it, and why (VM Operator or above): shown on every page of the pool and the wall; stops escalation.")
            .Reads<IncidentNote>().Answers<IncidentView>().SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        incidents.MapPost("/{id:guid}/resolve", (Guid id, HttpRequest http, UserDirectory users, IncidentBook book, CancellationToken ct) =>
                DecideAsync(id, http, users, book, IncidentBook.OperationResolve, ct))
            .RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Close the incident with a note (VM Operator or above).")
            .Reads<IncidentNote>().Answers<IncidentView>().SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> DecideAsync(Guid id, HttpRequest http, UserDirectory users, IncidentBook book, string operation, CancellationToken ct)
    {
        var (request, invalid) = await JsonBody.ReadAsync<IncidentNote>(http, ct).ConfigureAwait(false);
        if (request is null)
        {
            return invalid!;
        }

        if (await users.FindAsync(http.HttpContext.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        if (Roles.Check(who.Role, operation) is { } denied)
        {
            return ApiProblems.Of(denied);
        }

        if (book.Find(id) is not { } found)
        {
            return ApiProblems.Of(Xapi.UuidInvalid("incident", id));
        }

        var note = (request.Note ?? "").Trim();
        if (note.Length > 1000)
        {
            return ApiProblems.Of(Xapi.InvalidValue("note", $"{note.Length} characters (at most 1000)"));
        }

        var decided = operation == IncidentBook.OperationAcknowledge
            ? await book.AcknowledgeAsync(id, who.Name, Origins.Api, note).ConfigureAwait(false)
            : await book.ResolveAsync(id, who.Name, Origins.Api, note).ConfigureAwait(false);
        return decided is null
            ? ApiProblems.Of(StatusCodes.Status409Conflict, "INCIDENT_RESOLVED", $"Incident {id} is already resolved ({found.ResolveNote}).", "Nothing to do: a new cause opens a new incident.", id.ToString())
            : TypedResults.Ok(IncidentView.Of(decided));
    }
}

/// <summary>Why you acknowledge or resolve an incident.</summary>
public sealed record IncidentNote(string? Note);
