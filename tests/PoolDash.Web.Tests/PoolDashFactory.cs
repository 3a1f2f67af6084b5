using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace PoolDash.Web.Tests;

/// <summary>
/// The real app in-process on a fake clock and its own data folder; the demo pool is off unless a test wants it.
/// </summary>
public class PoolDashFactory : WebApplicationFactory<Program>
{
    public PoolDashFactory()
        : this(demo: false)
    {
    }

    protected PoolDashFactory(bool demo)
    {
        Demo = demo;
        DataDirectory = Directory.CreateTempSubdirectory("pooldash-test-").FullName;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    public string DataDirectory { get; init; }

    public bool Demo { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("PoolDash:DataDirectory", DataDirectory);
        builder.UseSetting("PoolDash:Demo:Enabled", Demo ? "true" : "false");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at teardown is left in the temp folder; the next test run uses a new one.
            }
        }
    }
}
