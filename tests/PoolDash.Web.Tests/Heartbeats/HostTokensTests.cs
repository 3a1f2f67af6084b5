using PoolDash.Web.Heartbeats;

namespace PoolDash.Web.Tests.Heartbeats;

/// <summary>A pool's credentials are read by pool (saving one pool reads its own hosts, not the fleet's).</summary>
public sealed class HostTokensTests
{
    [Fact]
    public void A_pools_credentials_are_its_own_hosts_and_follow_a_host_that_moves()
    {
        var tokens = new HostTokens();
        Guid p1 = Guid.NewGuid(), p2 = Guid.NewGuid(), a = Guid.NewGuid(), b = Guid.NewGuid();
        var tokenOfA = tokens.Issue(p1, a);
        tokens.Issue(p1, b);

        Assert.Equal(new[] { a, b }.Order(), tokens.OfPool(p1).Select(c => c.Key).Order());
        Assert.Empty(tokens.OfPool(p2));
        Assert.True(HostTokens.Matches(tokens.Find(a)!, tokenOfA));

        // b is restored into another pool (a pool rebuilt from an export under a new id): it leaves the first.
        tokens.Restore(p2, b, PoolDash.Web.Auth.SecretTokens.Hash("b's token"));
        Assert.Equal([a], tokens.OfPool(p1).Select(c => c.Key));
        Assert.Equal([b], tokens.OfPool(p2).Select(c => c.Key));
        Assert.Equal(p2, tokens.Find(b)!.PoolId);
    }
}
