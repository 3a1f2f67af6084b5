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
    public async Task The_home_page_is_the_live_app_and_the_demo_pool_is_served()
    {
        using var client = await factory.ClientAsync(Role.ReadOnly);

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), CancellationToken.None);
        var pools = await client.GetStringAsync(new Uri("/api/v1/pools", UriKind.Relative), CancellationToken.None);

        // Pages are not prerendered (a prerendered link could be clicked before its circuit runs and be lost): the
        // page is the interactive app's marker and script; the browser tests see its content.
        Assert.Contains("<!--Blazor:", html, StringComparison.Ordinal);
        Assert.Contains("blazor.web", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo pool", html, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Demo pool\"", pools, StringComparison.Ordinal);
        Assert.Contains("\"alive\":8", pools, StringComparison.Ordinal);
    }
}
