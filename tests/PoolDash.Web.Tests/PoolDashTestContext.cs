using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using PoolDash.Web.Demo;
using PoolDash.Web.Pools;

namespace PoolDash.Web.Tests;

/// <summary>The shared bUnit context: MudBlazor services, loose JS interop, fake time, the demo pool.</summary>
public abstract class PoolDashTestContext : BunitContext
{
    protected PoolDashTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddSingleton<TimeProvider>(Time);
        var demo = Domain.Pools.Pool.Create(DemoPool.Description(DemoTimeout), Time);
        Assert.Empty(demo.Problems);
        Demo = demo.Pool!;
        var registry = new PoolRegistry();
        registry.TryAdd(Demo);
        Services.AddSingleton(registry);
    }

    internal static readonly TimeSpan DemoTimeout = TimeSpan.FromSeconds(30);

    internal FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    internal Domain.Pools.Pool Demo { get; }
}
