using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Auth;

namespace PoolDash.Web.Tests;

/// <summary>Users of each role in a test app, made through the real user store and signed in through the real
/// <c>/api/v1/auth/login</c>; the API clients carry their bearer tokens.</summary>
internal static class TestUsers
{
    public const string Password = "Test-Password-1";

    private static readonly ConcurrentDictionary<(PoolDashFactory, string), string> Tokens = new();

    /// <summary>The user named after the role (<c>pool-admin</c>, <c>read-only</c>, ...).</summary>
    public static string NameOf(Role role) => Roles.Name(role).ToLowerInvariant().Replace(' ', '-');

    public static Task<HttpClient> ClientAsync(this PoolDashFactory factory, Role role) => factory.ClientAsync(NameOf(role), role);

    public static async Task<HttpClient> ClientAsync(this PoolDashFactory factory, string userName, Role role)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(userName, role));
        return client;
    }

    public static async Task<string> TokenAsync(this PoolDashFactory factory, string userName, Role role)
    {
        if (Tokens.TryGetValue((factory, userName), out var token))
        {
            return token;
        }

        var users = factory.Services.GetRequiredService<UserDirectory>();
        if (await users.FindAsync(userName) is null)
        {
            var created = await users.CreateAsync(new Operator("admin", Role.PoolAdmin), "test", userName, role, Password);
            Assert.True(created.Done, created.Message);
        }

        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email = userName, password = Password });
        response.EnsureSuccessStatusCode();
        var login = await response.Content.ReadFromJsonAsync<LoginAnswer>();
        return Tokens[(factory, userName)] = login!.AccessToken;
    }

    private sealed record LoginAnswer(string AccessToken);
}
