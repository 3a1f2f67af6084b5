using Bunit;
using Microsoft.Data.Sqlite;
using PoolDash.Web.Audit;
using PoolDash.Web.Components.Pages;

namespace PoolDash.Web.Tests.Components.Pages;

public class AuditPageTests : PoolDashTestContext
{
    [Fact]
    public async Task Lists_entries_and_names_the_entry_where_the_chain_breaks()
    {
        var at = Time.GetUtcNow();
        await Store.AppendAuditAsync(
        [
            new AuditDraft(at, "alice", "web", Demo.Id, null, "host-forget", "refused", "HOST_IS_LIVE"),
            new AuditDraft(at, "bob", "api", Demo.Id, null, "vm-reset-powerstate", "performed", "ok"),
        ], CancellationToken.None);
        var edited = (await Store.ReadAuditAsync(CancellationToken.None)).Single(e => e.Actor == "alice").Id;
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Contains("HOST_IS_LIVE", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(b => b.TextContent == "Verify chain").Click();
        page.WaitForAssertion(() => Assert.Contains("The chain holds.", page.Find("[data-testid=audit-verification]").TextContent, StringComparison.Ordinal));

        await using (var connection = new SqliteConnection($"Data Source={DataFile};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE Audit SET Detail = 'ok, nothing to see' WHERE Actor = 'alice'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        page.FindAll("button").Single(b => b.TextContent == "Verify chain").Click();
        page.WaitForAssertion(() => Assert.Contains($"breaks at entry {edited}:", page.Find("[data-testid=audit-verification]").TextContent, StringComparison.Ordinal));
    }
}
