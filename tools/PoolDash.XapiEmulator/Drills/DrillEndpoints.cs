using PoolDash.XapiEmulator.Database;

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
        app.MapPost("/drills/hosts/{uuid}/crash", (string uuid, EmulatedPool pool, HostConditions conditions, XapiLiveness liveness) =>
            Set(uuid, HostCondition.Crashed, pool, conditions, liveness));
        app.MapPost("/drills/hosts/{uuid}/cut-off", (string uuid, EmulatedPool pool, HostConditions conditions, XapiLiveness liveness) =>
            Set(uuid, HostCondition.CutOff, pool, conditions, liveness));
        app.MapPost("/drills/hosts/{uuid}/isolate", (string uuid, EmulatedPool pool, HostConditions conditions, XapiLiveness liveness) =>
            Set(uuid, HostCondition.Isolated, pool, conditions, liveness));
        app.MapPost("/drills/hosts/{uuid}/bring-back", (string uuid, EmulatedPool pool, HostConditions conditions, XapiLiveness liveness) =>
            Set(uuid, HostCondition.Running, pool, conditions, liveness));
    }

    private static IResult Set(string uuid, HostCondition condition, EmulatedPool pool, HostConditions conditions, XapiLiveness liveness)
    {
        if (pool.Database.RefOfUuid(XapiClasses.Host, uuid) is not { } hostRef)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No host {uuid} in the emulated pool.",
                detail: "Use a host uuid from host.get_all_records.");
        }

        if (condition == HostCondition.Running && conditions.Of(hostRef) == HostCondition.Running)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Host {uuid} is not crashed, cut off or isolated.",
                detail: "Crash, cut off or isolate it first.");
        }

        conditions.Set(hostRef, condition);
        // The master hears a host that is back at once (Pool.hello), rather than at its next look.
        liveness.Check();
        return Results.NoContent();
    }
}
