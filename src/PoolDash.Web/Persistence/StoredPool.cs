using PoolDash.Domain.Descriptions;

namespace PoolDash.Web.Persistence;

internal sealed record StoredPool(PoolDescription Description, IReadOnlyDictionary<Guid, byte[]> TokenHashes);
