namespace PoolDash.XapiEmulator.Drills;

/// <summary>
/// <c>POST /drills/hosts/{uuid}/crash</c> (powered off: silent everywhere), <c>/cut-off</c> (running, but unreachable
/// from outside clients; XAPI still hears it), <c>/isolate</c> (running and answering, but cut from the master) and
/// <c>/bring-back</c>. Answered at every host's address, whatever state the drills left that host in.
/// </summary>
internal static class DrillEndpoints
{
    public static void MapDrills(this IEndpointRouteBuilder app)
    {
        app.MapPost("/drills/hosts/{uuid}/crash", (string uuid, Drills drills) => Answer(uuid, drills.Apply(uuid, HostCondition.Crashed)));
        app.MapPost("/drills/hosts/{uuid}/cut-off", (string uuid, Drills drills) => Answer(uuid, drills.Apply(uuid, HostCondition.CutOff)));
        app.MapPost("/drills/hosts/{uuid}/isolate", (string uuid, Drills drills) => Answer(uuid, drills.Apply(uuid, HostCondition.Isolated)));
        app.MapPost("/drills/hosts/{uuid}/bring-back", (string uuid, Drills drills) => Answer(uuid, drills.Apply(uuid, HostCondition.Running)));
        // Every session ends, as when xapi restarts or sessions time out: their next call gets SESSION_INVALID.
        app.MapPost("/drills/sessions/expire", (Api.XapiApi api) =>
        {
            api.ExpireSessions();
            return Results.NoContent();
        });
        // What no client of the pool can see whole: every running host that acts as master (two is a split brain).
        app.MapGet("/drills/masters", (Drills drills) => drills.Masters());
    }

    private static IResult Answer(string uuid, DrillResult result) => result switch
    {
        DrillResult.UnknownHost => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No host {uuid} in the emulated pool.",
            detail: "Use a host uuid from host.get_all_records."),
        DrillResult.NotSilenced => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Host {uuid} is not crashed, cut off or isolated.",
            detail: "Crash, cut off or isolate it first."),
        _ => Results.NoContent(),
    };
}
