using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
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
        _ownDataDirectory = Directory.CreateTempSubdirectory("pooldash-test-").FullName;
        _dataDirectory = _ownDataDirectory;
    }

    /// <summary>Starts at the real "now": cookies, bearer tokens and Identity's lockout are stamped on the real clock,
    /// so a fake clock that starts anywhere else makes the tests depend on the calendar. A restart test starts the
    /// second instance where the first one stopped (<c>Time = new(first.Time.GetUtcNow())</c>).</summary>
    public FakeTimeProvider Time { get; init; } = new(TimeProvider.System.GetUtcNow());

    private readonly string _ownDataDirectory;
    private string _dataDirectory;

    /// <summary>The SQLite file's folder: a fresh one of its own, or one a restart test shares between instances.</summary>
    public string DataDirectory
    {
        get => _dataDirectory;
        init => _dataDirectory = value;
    }

    public bool Demo { get; }

    /// <summary>Configuration over the test defaults (a bad option, say).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>More test services, registered after the app's (a seam such as a store that fails on cue).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("PoolDash:DataDirectory", DataDirectory);
        builder.UseSetting("PoolDash:Demo:Enabled", Demo ? "true" : "false");
        builder.UseSetting("PoolDash:Bootstrap:AdminPassword", TestUsers.Password);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            TestServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(_ownDataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at teardown is left in the temp folder; the next test run uses a new one.
            }
        }
    }
}
