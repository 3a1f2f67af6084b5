using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PoolDash.Web.Persistence;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>Puts a test's interceptor (a caller that goes away, a write that fails) on the app's database options.</summary>
internal static class StoreInterceptor
{
    /// <summary>Registers <paramref name="interceptor"/> on the store's database options, after the app's own registration.</summary>
    public static void Install(IServiceCollection services, IInterceptor interceptor, string dataDirectory)
    {
        services.RemoveAll<DbContextOptions<PoolDashDb>>();
        services.AddSingleton(new DbContextOptionsBuilder<PoolDashDb>(PoolDashDb.Options($"Data Source={Path.Combine(dataDirectory, "pooldash.db")}"))
            .AddInterceptors(interceptor).Options);
    }
}
