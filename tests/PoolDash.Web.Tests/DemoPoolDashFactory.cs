namespace PoolDash.Web.Tests;

/// <summary>The app as <c>dotnet run</c> serves it: with the demo pool and its simulated hosts.</summary>
public sealed class DemoPoolDashFactory : PoolDashFactory
{
    public DemoPoolDashFactory()
        : base(demo: true)
    {
    }
}
