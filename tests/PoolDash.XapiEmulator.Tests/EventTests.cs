using System.Text.Json;

namespace PoolDash.XapiEmulator.Tests;

/// <summary><c>event.from</c> as XAPI serves it (xapi-wire.md §4): a full dump from the empty token, XAPI's token
/// format, a long poll that returns at the next change, lowercase classes and int32 ref counts.</summary>
public sealed class EventTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task The_empty_token_answers_every_object_as_an_add_with_its_snapshot()
    {
        var session = await emulator.LoginAsync();

        var batch = (await emulator.CallAsync("event.from", session, new[] { "*" }, "", 1.0)).GetProperty("result");

        var events = batch.GetProperty("events").EnumerateArray().ToList();
        Assert.All(events, e => Assert.Equal("add", e.GetProperty("operation").GetString()));
        Assert.Equal(3, events.Count(e => e.GetProperty("class").GetString() == "host"));
        Assert.Contains(events, e => e.GetProperty("class").GetString() == "vm" && e.GetProperty("snapshot").GetProperty("name_label").GetString() == "db");
        Assert.Matches("^[0-9]{20},[0-9]{20}$", batch.GetProperty("token").GetString());
        Assert.Equal(0, batch.GetProperty("valid_ref_counts").GetProperty("task").GetInt32());
        Assert.Equal(3, batch.GetProperty("valid_ref_counts").GetProperty("host").GetInt32());
    }

    [Fact]
    public async Task A_waiting_call_returns_at_the_next_change_of_a_watched_class_only()
    {
        var session = await emulator.LoginAsync();
        var pool = (await emulator.CallAsync("pool.get_all", session)).GetProperty("result")[0].GetString()!;
        var start = (await emulator.CallAsync("event.from", session, new[] { "pool" }, "", 0.0)).GetProperty("result").GetProperty("token").GetString()!;

        var waiting = emulator.CallAsync("event.from", session, new[] { "pool" }, start, 30.0);
        var injected = await emulator.CallAsync("event.inject", session, "pool", pool);
        var batch = (await waiting).GetProperty("result");

        var e = Assert.Single(batch.GetProperty("events").EnumerateArray());
        Assert.Equal(("pool", "mod", pool), (e.GetProperty("class").GetString(), e.GetProperty("operation").GetString(), e.GetProperty("ref").GetString()));
        Assert.True(string.CompareOrdinal(batch.GetProperty("token").GetString(), start) > 0);
        Assert.Matches("^[0-9]{20},[0-9]{20}$", injected.GetProperty("result").GetString());
    }

    [Fact]
    public async Task With_nothing_new_the_call_returns_empty_at_its_timeout_and_a_bad_token_is_refused()
    {
        var session = await emulator.LoginAsync();
        var start = (await emulator.CallAsync("event.from", session, new[] { "vm" }, "", 0.0)).GetProperty("result").GetProperty("token").GetString()!;

        var quiet = (await emulator.CallAsync("event.from", session, new[] { "vm" }, start, 0.2)).GetProperty("result");
        var bad = await emulator.CallAsync("event.from", session, new[] { "vm" }, "yesterday", 0.2);

        Assert.Equal(0, quiet.GetProperty("events").GetArrayLength());
        Assert.Equal(start, quiet.GetProperty("token").GetString());
        Assert.Equal(JsonValueKind.Object, bad.GetProperty("error").ValueKind);
        Assert.Equal("EVENT_FROM_TOKEN_PARSE_FAILURE", bad.GetProperty("error").GetProperty("message").GetString());
    }
}
