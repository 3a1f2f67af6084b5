using System.Net;
using PoolDash.Domain.Recovery;

namespace PoolDash.Web.Tests.Health;

/// <summary>The app starts on its embedded defaults, answers its health probe and serves the top-level wwwroot.</summary>
public class StartupTests(DemoPoolDashFactory factory) : IClassFixture<DemoPoolDashFactory>
{
    [Fact]
    public async Task Healthz_answers_healthy()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_top_level_wwwroot_is_served_with_its_content()
    {
        using var client = factory.CreateClient();

        var css = await client.GetStringAsync(new Uri("/css/app.css", UriKind.Relative), CancellationToken.None);

        Assert.Contains(".pd-liveness-dead", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_page_shows_the_demo_pool()
    {
        using var client = await factory.ClientAsync(Role.ReadOnly);

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), CancellationToken.None);

        Assert.Contains("Demo pool", html, StringComparison.Ordinal);
        Assert.Contains("xcp-01", html, StringComparison.Ordinal);
        Assert.Contains("8 alive", html, StringComparison.Ordinal);
    }
}
