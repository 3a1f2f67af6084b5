using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PoolDash.Domain.Descriptions;
using PoolDash.Web.Demo;

namespace PoolDash.Web.Pools;

/// <summary>
/// Brings the pools in at start: those given as description files, then the demo pool when it is enabled. A file's
/// host tokens are printed once, as the API would answer them.
/// </summary>
internal sealed class PoolStartup(
    PoolService service,
    PoolRegistry registry,
    DemoSimulator simulator,
    IOptions<PoolDashOptions> options,
    IOptions<DemoOptions> demo,
    IOptions<JsonOptions> json,
    ILogger<PoolStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var file in options.Value.PoolDescriptionFiles)
        {
            await LoadFileAsync(file, cancellationToken).ConfigureAwait(false);
        }

        if (demo.Value.Enabled)
        {
            StartDemo();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LoadFileAsync(string file, CancellationToken cancellationToken)
    {
        PoolDescription? description;
        var stream = File.OpenRead(file);
        await using (stream.ConfigureAwait(false))
        {
            description = await JsonSerializer.DeserializeAsync<PoolDescription>(stream, json.Value.SerializerOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Pool description {file} is empty.");
        }

        if (registry.Find(description.Id) is not null)
        {
            logger.LogInformation("Pool {PoolId} from {File} is already known; the stored state stands", description.Id, file);
            return;
        }

        var created = service.Create(description);
        if (created.Pool is null)
        {
            throw new InvalidOperationException($"Pool description {file} is inconsistent: {string.Join("; ", created.Problems)}");
        }

        foreach (var token in created.Tokens)
        {
            // Shown once, like the API's answer: only the hash is kept.
            logger.LogWarning("Heartbeat token for host {Host} ({HostId}) of pool {Pool}: {Token}", token.Name, token.HostId, created.Pool.Name, token.Token);
        }
    }

    private void StartDemo()
    {
        var timeout = TimeSpan.FromSeconds(demo.Value.LivenessTimeoutSeconds);
        if (registry.Find(DemoPool.Id) is null)
        {
            var created = service.Create(DemoPool.Description(timeout));
            if (created.Pool is null)
            {
                throw new InvalidOperationException($"The demo pool is inconsistent: {string.Join("; ", created.Problems)}");
            }

            simulator.Play(created.Tokens.Select(t => (t.HostId, t.Token)));
        }
        else
        {
            // A restored demo pool: its simulated hosts get fresh tokens (the old ones were never kept).
            simulator.Play(service.ReissueTokens(DemoPool.Id));
        }

        logger.LogInformation("Demo pool served with a {Timeout} s liveness timeout (a demo setting; real pools default to 600 s)", timeout.TotalSeconds);
    }
}
