using PoolDash.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPoolDash();

var app = builder.Build();
app.UsePoolDash();
app.Run();

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
