namespace PoolDash.Web.Tests.TestSupport;

/// <summary>The repository the tests run from (its docs, tools and agent).</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PoolDash.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PoolDash.sln not found above the test's folder.");
    }
}
