using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PoolDash.Domain.Descriptions;
using PoolDash.Web.Audit;
using PoolDash.Web.Auth;
using PoolDash.Web.Demo;
using PoolDash.Web.Persistence;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Pools;

/// <summary>
/// Brings the pools in at start: those stored, then those given as description files not stored yet, then the demo pool when it is enabled. A file's
/// host tokens are printed once, as the API would answer them.
/// </summary>
internal sealed class PoolStartup(
    PoolStore store,
    PoolService service,
    PoolRegistry registry,
    DemoEmulator demoPool,
    UserDirectory users,
    ApprovalBook approvals,
    IOptions<PoolDashOptions> options,
    IOptions<DemoOptions> demo,
    IOptions<JsonOptions> json,
    TimeProvider time,
    ILogger<PoolStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await store.AppendAuditAsync([new AuditDraft(time.GetUtcNow(), AuditDrafts.System, AuditDrafts.System, null, null, "pooldash-start", AuditOutcomes.Event,
            "PoolDash started; every host gets a fresh full timeout")], cancellationToken).ConfigureAwait(false);
        await BootstrapAdminAsync().ConfigureAwait(false);
        approvals.Load(await store.LoadApprovalsAsync(cancellationToken).ConfigureAwait(false));
        foreach (var stored in await store.LoadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // Every host gets a fresh full timeout from now: a restart never declares a host dead early.
            var pool = service.Restore(stored.Description, stored.TokenHashes);
            logger.LogInformation("Restored pool {Pool} ({PoolId}) from the store", pool.Name, pool.Id);
        }

        foreach (var file in options.Value.PoolDescriptionFiles)
        {
            await LoadFileAsync(file, cancellationToken).ConfigureAwait(false);
        }

        if (demo.Value.Enabled)
        {
            await StartDemoAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task BootstrapAdminAsync()
    {
        var (created, oneTimePassword) = await users.EnsureBootstrapAdminAsync(options.Value.Bootstrap.AdminPassword).ConfigureAwait(false);
        if (oneTimePassword is not null)
        {
            // Straight to the console, once, and never into the logs or the database.
            Console.Out.WriteLine($"""

                ==================================================================
                 PoolDash created the first Pool Admin.
                   user:     {UserDirectory.BootstrapAdmin}
                   password: {oneTimePassword}
                 This password works once: choose a new one at the first sign-in.
                 It is not shown again. (Set PoolDash__Bootstrap__AdminPassword
                 for unattended installs.)
                ==================================================================

                """);
        }
        else if (created)
        {
            logger.LogInformation("Created the first Pool Admin '{User}' with the password from PoolDash:Bootstrap:AdminPassword", UserDirectory.BootstrapAdmin);
        }
    }

    private async Task LoadFileAsync(string file, CancellationToken cancellationToken)
    {
        PoolDescription? description;
        try
        {
            var stream = File.OpenRead(file);
            await using (stream.ConfigureAwait(false))
            {
                description = await JsonSerializer.DeserializeAsync<PoolDescription>(stream, json.Value.SerializerOptions, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Pool description file '{file}' (PoolDash:PoolDescriptionFiles) cannot be read: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Pool description file '{file}' is not a pool description at {e.Path ?? "$"}: {e.Message} See docs/pool-description.schema.json.", e);
        }

        if (description is null)
        {
            throw new InvalidOperationException($"Pool description file '{file}' is empty.");
        }

        if (registry.Find(description.Id) is not null)
        {
            logger.LogInformation("Pool {PoolId} from {File} is already known; the stored state stands", description.Id, file);
            return;
        }

        var created = await service.CreateAsync(description, PoolService.System, AuditDrafts.System, cancellationToken).ConfigureAwait(false);
        if (created.Pool is null)
        {
            throw new InvalidOperationException($"Pool description {file} is inconsistent: {string.Join("; ", created.Problems)}");
        }

        // Shown once, like the API's answer, and like the admin's one-time password straight to the console, never
        // into the logs (logs are shipped and kept): only the hashes are stored.
        Console.Out.WriteLine($"PoolDash issued heartbeat tokens for pool {created.Pool.Name} from {file} (shown once):");
        foreach (var token in created.Tokens)
        {
            Console.Out.WriteLine($"  {token.Name} ({token.HostId}): {token.Token}");
        }

        logger.LogInformation("Pool {Pool} created from {File}; its {Count} heartbeat tokens were printed to the console once", created.Pool.Name, file, created.Tokens.Count);
    }

    private Task StartDemoAsync(CancellationToken cancellationToken) => demoPool.StartAsync(cancellationToken);
}
