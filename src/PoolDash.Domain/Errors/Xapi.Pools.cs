namespace PoolDash.Domain.Errors;

/// <summary>The refusals of bringing a pool under PoolDash.</summary>
public static partial class Xapi
{
    public static XapiError PoolAlreadyExists(Guid poolId) => new(
        XapiErrorNames.PoolAlreadyExists,
        [poolId.ToString()],
        $"A pool with id {poolId} already exists",
        "Give the pool a new id, or read it with GET /api/v1/pools/{id}.");

    public static XapiError InvalidPoolDescription(int problems) => new(
        XapiErrorNames.InvalidPoolDescription,
        [problems.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        $"The pool description has {problems} problem(s); nothing was created",
        "Fix every problem listed and send the whole description again.");
}
