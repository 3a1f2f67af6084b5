using PoolDash.Domain.Errors;
using PoolDash.Web.Auth;
using PoolDash.Web.Pools;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Demo;

/// <summary>Drills on the demo pool's emulated hosts: crash a member or the master, cut a host off from PoolDash,
/// isolate it from its master, bring it back.</summary>
internal static class DemoEndpoints
{
    public static void MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        // Drills act on the demo's hosts: not a pool operation, but not for a Read Only visitor either.
        var demo = app.MapGroup("/api/v1/demo").WithTags("Demo drills")
            .RequireAuthorization(AuthSetup.ApiWriter, RoleRequirement.PolicyName(Domain.Recovery.Role.PoolOperator));
        demo.MapPost("/hosts/{hostId:guid}/crash", (Guid hostId, DemoEmulator emulator) => Drill(emulator, hostId, "crash"))
            .WithSummary("The emulated host powers off: silent to PoolDash and to its master.")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        demo.MapPost("/hosts/{hostId:guid}/cut-off", (Guid hostId, DemoEmulator emulator) => Drill(emulator, hostId, "cut-off"))
            .WithSummary("The emulated host runs but PoolDash cannot reach it (its master still can): a network partition.")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        demo.MapPost("/hosts/{hostId:guid}/isolate", (Guid hostId, DemoEmulator emulator) => Drill(emulator, hostId, "isolate"))
            .WithSummary("The emulated host runs and answers PoolDash, but is cut from its master.")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        demo.MapPost("/hosts/{hostId:guid}/bring-back", (Guid hostId, DemoEmulator emulator) =>
                !emulator.Plays(hostId) ? NotDemo(hostId) : emulator.Drill(hostId, "bring-back") ? Results.NoContent() : NotSilenced(hostId))
            .WithSummary("The emulated host is repaired or reconnected.")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        demo.MapPost("/crash-master", (PoolRegistry registry, DemoEmulator emulator) =>
                registry.Find(DemoPool.Id) is { } pool ? Drill(emulator, pool.Snapshot().MasterId, "crash") : NotDemo(DemoPool.Id))
            .WithSummary("The demo pool's current master powers off.")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static IResult Drill(DemoEmulator emulator, Guid hostId, string drill) =>
        emulator.Drill(hostId, drill) ? Results.NoContent() : NotDemo(hostId);

    private static IResult NotDemo(Guid hostId) => ApiProblems.Of(Xapi.UuidInvalid("demo host", hostId));

    private static IResult NotSilenced(Guid hostId) => ApiProblems.Of(StatusCodes.Status409Conflict, "HOST_NOT_SILENCED",
        "That demo host is not crashed, cut off or isolated", "Crash it, cut it off or isolate it first.", hostId.ToString());
}
