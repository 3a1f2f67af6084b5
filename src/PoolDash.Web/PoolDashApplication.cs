using MudBlazor.Services;
using PoolDash.Web.Components;
using PoolDash.Web.Pools;

namespace PoolDash.Web;

/// <summary>Everything PoolDash registers and maps, so that Program.cs stays a table of contents.</summary>
internal static class PoolDashApplication
{
    public static IServiceCollection AddPoolDash(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddHealthChecks();
        services.AddMudServices();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSingleton<PoolRegistry>(sp =>
        {
            var registry = new PoolRegistry();
            var demo = Domain.Pools.Pool.Create(DemoPool.Description(), sp.GetRequiredService<TimeProvider>());
            if (!demo.Succeeded || !registry.TryAdd(demo.Pool!))
            {
                throw new InvalidOperationException("The embedded demo pool is inconsistent: "
                    + string.Join("; ", demo.Problems.Select(p => $"{p.Path}: {p.Message}")));
            }

            return registry;
        });
        return services;
    }

    public static WebApplication UsePoolDash(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapHealthChecks("/healthz");
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
