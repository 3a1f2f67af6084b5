using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Persistence;

namespace PoolDash.Web.Tests.Persistence;

/// <summary>Stopping cut short (a second stop signal, or the host's shutdown timeout) ends PoolDash cleanly instead
/// of crashing it with an unhandled cancellation.</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly PoolDashFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_final_save_cut_short_does_not_throw_and_what_was_acknowledged_is_stored()
    {
        using var client = await _factory.ClientAsync(Role.PoolAdmin);
        await TestPools.CreateAsync(client);
        var persister = _factory.Services.GetServices<IHostedService>().OfType<PoolPersister>().Single();

        await persister.StopAsync(new CancellationToken(canceled: true));

        var stored = await _factory.Services.GetRequiredService<PoolStore>().LoadAllAsync(CancellationToken.None);
        Assert.Equal(TestPools.PoolId, Assert.Single(stored).Description.Id);
    }
}
