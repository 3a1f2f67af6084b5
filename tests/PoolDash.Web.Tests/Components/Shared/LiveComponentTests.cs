using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using PoolDash.Domain.Events;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Components.Shared;

namespace PoolDash.Web.Tests.Components.Shared;

/// <summary>A live page whose refresh fails says so through the error boundary; it does not silently stop updating.</summary>
public sealed class LiveComponentTests : PoolDashTestContext
{
    [Fact]
    public void A_refresh_that_fails_is_shown_as_the_pages_error()
    {
        var page = Render<ErrorBoundary>(p => p
            .Add(x => x.ChildContent, (RenderFragment)(b =>
            {
                b.OpenComponent<FailsOnSecondRefresh>(0);
                b.CloseComponent();
            }))
            .Add(x => x.ErrorContent, error => b => b.AddContent(0, $"stopped updating: {error.Message}")));
        Assert.Contains("refreshed 1", page.Markup, StringComparison.Ordinal);

        // Any event of the pool: a refused step is one.
        Demo.Execute(new ForgetHost(Demo.Snapshot().MasterId), "op");

        page.WaitForAssertion(() => Assert.Contains("stopped updating: the pool could not be read", page.Markup, StringComparison.Ordinal));
    }

    private sealed class FailsOnSecondRefresh : LiveComponent
    {
        private int _refreshes;

        protected override bool IsRelevant(PoolEvent e) => true;

        protected override void Refresh()
        {
            if (++_refreshes > 1)
            {
                throw new InvalidOperationException("the pool could not be read");
            }
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, $"refreshed {_refreshes}");
    }
}
