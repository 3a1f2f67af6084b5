using PoolDash.Web;
using PoolDash.Web.Health;

if (args.Length > 0 && args[0] == HealthProbe.Verb)
{
    return await HealthProbe.RunAsync(args, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPoolDash();

var app = builder.Build();
app.UsePoolDash();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
