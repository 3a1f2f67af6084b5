using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Auth;

namespace PoolDash.Web.Tests.Auth;

/// <summary>Who gets in: anonymous callers see the sign-in page only; a host token opens the heartbeat and nothing
/// else; API writes take a bearer token, never the page's cookie; repeated failed sign-ins lock a user out.</summary>
public sealed class AccessTests : IAsyncLifetime, IDisposable
{
    private readonly PoolDashFactory _factory = new();
    private HttpClient _admin = null!;
    private Dictionary<Guid, string> _tokens = [];

    public async Task InitializeAsync()
    {
        _admin = await _factory.ClientAsync(Role.PoolAdmin);
        _tokens = await TestPools.CreateAsync(_admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    [Theory]
    [InlineData("/api/v1/pools")]
    [InlineData("/api/v1/audit")]
    [InlineData("/api/v1/approvals")]
    [InlineData("/api/v1/users")]
    public async Task The_read_API_refuses_anonymous_callers_with_a_problem(string path)
    {
        using var anonymous = _factory.CreateClient();

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "SESSION_AUTHENTICATION_FAILED");
    }

    [Fact]
    public async Task An_anonymous_page_request_is_sent_to_the_sign_in_page_and_back()
    {
        using var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync(new Uri($"/pools/{TestPools.PoolId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains(Uri.EscapeDataString($"/pools/{TestPools.PoolId}"), response.Headers.Location.Query, StringComparison.Ordinal);
        var login = await anonymous.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Contains("__RequestVerificationToken", login, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_callers()
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, "hubs/pool"), o =>
            {
                o.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        await using (hub)
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Theory]
    [InlineData("GET", "/api/v1/pools")]
    [InlineData("GET", "/api/v1/audit")]
    [InlineData("POST", "/api/v1/pools/aaaaaaaa-0000-4000-8000-000000000001/operations")]
    [InlineData("POST", "/api/v1/pools/aaaaaaaa-0000-4000-8000-000000000001/hosts")]
    public async Task A_host_token_opens_nothing_but_the_heartbeat(string method, string path)
    {
        using var host = _factory.CreateClient();
        host.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[TestPools.A]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { operation = "pool-ha-disable" }) };

        using var response = await host.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "SESSION_AUTHENTICATION_FAILED");
        await TestPools.HeartbeatAsync(host, _tokens[TestPools.A], TestPools.A);
    }

    [Fact]
    public async Task A_signed_in_pages_cookie_cannot_run_an_operation()
    {
        await _factory.TokenAsync("carol", Role.PoolAdmin);
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        using var login = await browser.PostAsJsonAsync(new Uri("/api/v1/auth/login?useCookies=true", UriKind.Relative), new { email = "carol", password = TestUsers.Password });
        login.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/api/v1/pools", UriKind.Relative))).StatusCode);

        using var response = await browser.PostAsJsonAsync(new Uri($"/api/v1/pools/{TestPools.PoolId}/operations", UriKind.Relative), new { operation = "pool-ha-enable" });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "SESSION_AUTHENTICATION_FAILED");
        Assert.False(_factory.Services.GetRequiredService<PoolDash.Web.Pools.PoolRegistry>().Find(TestPools.PoolId)!.Snapshot().HaEnabled);
    }

    [Fact]
    public async Task Self_registration_is_refused_even_for_a_signed_in_user()
    {
        using var response = await _admin.PostAsJsonAsync(new Uri("/api/v1/auth/register", UriKind.Relative), new { email = "eve@example.org", password = "Eve-Password-1" });

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "USER_SELF_SERVICE_DISABLED");
        Assert.DoesNotContain(await _factory.Services.GetRequiredService<UserDirectory>().ListAsync(), u => u.UserName.StartsWith("eve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_user_out_even_against_the_right_one()
    {
        await _factory.TokenAsync("dave", Role.VmOperator);
        using var client = _factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email = "dave", password = "not-it" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email = "dave", password = TestUsers.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        var dave = (await _factory.Services.GetRequiredService<UserDirectory>().ListAsync()).Single(u => u.UserName == "dave");
        Assert.NotNull(dave.LockedOutUntil);
        Assert.Null(await _factory.Services.GetRequiredService<UserDirectory>().FindAsync("dave"));

        // Identity times lockouts on the real clock, whatever PoolDash's clock says: the users list must say what
        // sign-in does, also when PoolDash's clock has moved past the lockout's end.
        _factory.Time.Advance(TimeSpan.FromMinutes(20));
        using var stillRefused = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email = "dave", password = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, stillRefused.StatusCode);
        Assert.NotNull((await _factory.Services.GetRequiredService<UserDirectory>().ListAsync()).Single(u => u.UserName == "dave").LockedOutUntil);
    }

    [Fact]
    public async Task A_one_time_password_must_be_changed_before_anything_else()
    {
        using var created = await _admin.PostAsJsonAsync(new Uri("/api/v1/users", UriKind.Relative), new { userName = "erin", role = "Pool Operator" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var oneTime = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;
        using var erin = _factory.CreateClient();
        erin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(erin, "erin", oneTime));

        await AssertProblemAsync(await erin.GetAsync(new Uri("/api/v1/pools", UriKind.Relative)), HttpStatusCode.Forbidden, "PASSWORD_CHANGE_REQUIRED");
        using var changed = await erin.PostAsJsonAsync(new Uri("/api/v1/auth/password", UriKind.Relative), new { currentPassword = oneTime, newPassword = "Erin-Own-Pass-1" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        erin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(erin, "erin", "Erin-Own-Pass-1"));
        Assert.Equal(HttpStatusCode.OK, (await erin.GetAsync(new Uri("/api/v1/pools", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_and_sign_out_forms_refuse_a_post_without_their_anti_forgery_token()
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = await browser.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Dictionary<string, string> Fields(bool withToken)
        {
            var fields = new Dictionary<string, string> { ["_handler"] = "login", ["Input.UserName"] = "admin", ["Input.Password"] = TestUsers.Password };
            if (withToken)
            {
                fields["__RequestVerificationToken"] = token;
            }

            return fields;
        }

        using var forged = await browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(Fields(withToken: false)));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Set-Cookie") && forged.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("PoolDash.Auth", StringComparison.Ordinal)));

        using var signedIn = await browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(Fields(withToken: true)));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("PoolDash.Auth", StringComparison.Ordinal));

        using var forgedLogout = await browser.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forgedLogout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/api/v1/pools", UriKind.Relative))).StatusCode);
    }

    private static async Task<string> LoginAsync(HttpClient client, string user, string password)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email = user, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }
}
