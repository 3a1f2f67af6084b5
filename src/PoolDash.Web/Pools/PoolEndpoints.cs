using Microsoft.AspNetCore.Http.Extensions;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Errors;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Auth;
using PoolDash.Web.Problems;

namespace PoolDash.Web.Pools;

/// <summary>The pools API: create from a description, join a host, read, export (and import by creating).</summary>
internal static class PoolEndpoints
{
    private const string Origin = Origins.Api;

    public static void MapPoolEndpoints(this IEndpointRouteBuilder app)
    {
        var pools = app.MapGroup("/api/v1/pools").WithTags("Pools");
        // Creating a pool and joining a host hand out host tokens: a Pool Admin's act (host join in DOMAIN.md), by bearer
        // token. The role is the gates' to check (and audit), like every other change to a pool.
        pools.MapPost("/", CreateAsync).RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("Create a pool from a pool description (or import an export); answers each host's heartbeat token, once.")
            .Reads<PoolDescription>().Answers<CreatedPoolResponse>(StatusCodes.Status201Created).SignedIn().Problems(StatusCodes.Status409Conflict);
        pools.MapGet("/", List).WithSummary("Every pool: master, HA, host counts by liveness.").SignedIn();
        pools.MapGet("/{id:guid}", Get).WithSummary("A pool's current state: hosts, VMs, SRs, VDIs with attach keys.")
            .Answers<Domain.Snapshots.PoolSnapshot>().SignedIn().Problems(StatusCodes.Status404NotFound);
        pools.MapGet("/{id:guid}/export", Export).WithSummary("The pool's full state as a pool description, restorable with POST /api/v1/pools.")
            .Answers<PoolDescription>().SignedIn().Problems(StatusCodes.Status404NotFound);
        pools.MapGet("/{id:guid}/hosts/{hostId:guid}/plan", Plan)
            .WithSummary("The host's recovery plan as the pool is now: each step's status, why it waits, its commands, and who vouched that the host is off.")
            .Answers<Domain.Recovery.RecoveryPlan>().SignedIn().Problems(StatusCodes.Status404NotFound);
        pools.MapPost("/{id:guid}/hosts/{hostId:guid}/agent-token", IssueAgentTokenAsync).RequireAuthorization(AuthSetup.ApiWriter)
            .WithSummary("A new heartbeat token for the host's agent (answered once; the previous one stops working), with the dom0 install commands.")
            .Answers<AgentToken>().SignedIn().Problems(StatusCodes.Status404NotFound);
        pools.MapPost("/{id:guid}/hosts", JoinAsync).RequireAuthorization(AuthSetup.ApiWriter).WithSummary("Join a new host (host join); answers its heartbeat token, once.")
            .Reads<JoinHostRequest>().Answers<IssuedToken>(StatusCodes.Status201Created).SignedIn().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, UserDirectory users, PoolService service, CancellationToken cancellationToken)
    {
        var (description, problem) = await JsonBody.ReadAsync<PoolDescription>(request, cancellationToken).ConfigureAwait(false);
        if (description is null)
        {
            return problem!;
        }

        if (await users.FindAsync(request.HttpContext.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        var created = await service.CreateAsync(description, who, Origin, cancellationToken).ConfigureAwait(false);
        return created switch
        {
            { Pool: { } pool } => TypedResults.Created($"/api/v1/pools/{pool.Id}", new CreatedPoolResponse(pool.Id, created.Tokens)),
            { Error.Name: XapiErrorNames.InvalidPoolDescription } => ApiProblems.InvalidDescription(created.Problems),
            _ => ApiProblems.Of(created.Error!),
        };
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<List<PoolSummary>> List(PoolRegistry registry) => TypedResults.Ok(registry.ByName.Select(p => PoolSummary.Of(p.Snapshot())).ToList());

    private static IResult Get(Guid id, PoolRegistry registry) =>
        registry.Find(id) is { } pool ? TypedResults.Ok(pool.Snapshot()) : ApiProblems.Of(Xapi.UuidInvalid("pool", id));

    private static IResult Plan(Guid id, Guid hostId, PoolRegistry registry) =>
        registry.Find(id) is not { } pool ? ApiProblems.Of(Xapi.UuidInvalid("pool", id))
        : pool.Snapshot() is var s && s.Hosts.All(h => h.Id != hostId) && !s.ForgottenHostIds.Contains(hostId) ? ApiProblems.Of(Xapi.UuidInvalid("host", hostId))
        : TypedResults.Ok(pool.PlanRecovery(hostId));

    private static IResult Export(Guid id, PoolRegistry registry) =>
        registry.Find(id) is { } pool ? TypedResults.Ok(pool.Describe()) : ApiProblems.Of(Xapi.UuidInvalid("pool", id));

    private static async Task<IResult> IssueAgentTokenAsync(Guid id, Guid hostId, HttpRequest request, UserDirectory users, PoolService service)
    {
        if (await users.FindAsync(request.HttpContext.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        var (issued, refusal) = await service.IssueAgentTokenAsync(id, hostId, who, Origin).ConfigureAwait(false);
        return issued is null
            ? ApiProblems.Of(refusal!)
            : TypedResults.Ok(new AgentToken(issued.HostId, issued.Name, issued.Token, Agent.AgentInstall.Commands(new Uri(request.GetDisplayUrl()), issued)));
    }

    private static async Task<IResult> JoinAsync(Guid id, HttpRequest request, UserDirectory users, PoolService service, CancellationToken cancellationToken)
    {
        var (join, problem) = await JsonBody.ReadAsync<JoinHostRequest>(request, cancellationToken).ConfigureAwait(false);
        if (join is null)
        {
            return problem!;
        }

        if (join.HostId == Guid.Empty || string.IsNullOrWhiteSpace(join.Name) || join.MemoryMiB <= 0)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, XapiErrorNames.InvalidValue, "A join needs hostId, name and memoryMiB > 0",
                "Send {\"hostId\":\"<new uuid>\",\"name\":\"…\",\"address\":\"…\",\"memoryMiB\":65536}.");
        }

        if (await users.FindAsync(request.HttpContext.User).ConfigureAwait(false) is not { } who)
        {
            return ApiProblems.NotSignedIn();
        }

        var joined = await service.JoinAsync(id, new JoinHost(join.HostId, join.Name, join.Address ?? "", join.MemoryMiB), who, Origin, cancellationToken)
            .ConfigureAwait(false);
        return joined.Error is { } error
            ? ApiProblems.Of(error)
            : TypedResults.Created($"/api/v1/pools/{id}", new IssuedToken(join.HostId, join.Name, joined.Token!));
    }
}
