namespace PoolDash.Web.XapiPools;

public sealed record ConnectedPool(Guid PoolId);
