using Microsoft.EntityFrameworkCore.Design;

namespace PoolDash.Web.Persistence;

/// <summary>For <c>dotnet ef migrations add</c>: a context on a scratch file, without starting the app.</summary>
internal sealed class DesignTimePoolDashDb : IDesignTimeDbContextFactory<PoolDashDb>
{
    public PoolDashDb CreateDbContext(string[] args) => new(PoolDashDb.Options("Data Source=design-time.db"));
}
