using PoolDash.Domain.Errors;
using PoolDash.Web.Auth;
using PoolDash.Web.Pools;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Demo;

/// <summary>Drills on the demo pool: crash a member or the master, cut a host off, bring it back.</summary>
internal static class DemoEndpoints
{
    public static void MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        // Drills silence demo hosts: not a pool operation, but not for a Read Only visitor either.
        var demo = app.MapGroup("/api/v1/demo").WithTags("Demo drills")
            .RequireAuthorization(AuthSetup.ApiWriter, RoleRequirement.PolicyName(Domain.Recovery.Role.PoolOperator));
        demo.MapPost("/hosts/{hostId:guid}/crash", (Guid hostId, DemoSimulator simulator) => Drill(simulator, hostId, HostDrill.Crashed))
            .WithSummary("The demo host stops heartbeating, as if powered off.")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        demo.MapPost("/hosts/{hostId:guid}/cut-off", (Guid hostId, DemoSimulator simulator) => Drill(simulator, hostId, HostDrill.CutOff))
            .WithSummary("The demo host stops reaching PoolDash, as in a network partition.")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        demo.MapPost("/hosts/{hostId:guid}/bring-back", (Guid hostId, DemoSimulator simulator) =>
                simulator.BringBack(hostId) ? Results.NoContent() : NotSilenced(hostId))
            .WithSummary("The demo host reports again (repaired, or reconnected).")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        demo.MapPost("/crash-master", (PoolRegistry registry, DemoSimulator simulator) =>
                registry.Find(DemoPool.Id) is { } pool ? Drill(simulator, pool.Snapshot().MasterId, HostDrill.Crashed) : NotDemo(DemoPool.Id))
            .WithSummary("The demo pool's current master stops heartbeating.")
            .Produces(StatusCodes.Status204NoContent).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static IResult Drill(DemoSimulator simulator, Guid hostId, HostDrill drill) =>
        simulator.Silence(hostId, drill) ? Results.NoContent() : NotDemo(hostId);

    private static IResult NotDemo(Guid hostId) => ApiProblems.Of(Xapi.UuidInvalid("demo host", hostId));

    private static IResult NotSilenced(Guid hostId) => ApiProblems.Of(StatusCodes.Status409Conflict, "HOST_NOT_SILENCED",
        "That demo host is not crashed or cut off", "Crash it or cut it off first.", hostId.ToString());
}
