using System.Net;
using System.Text.Json;

namespace PoolDash.XapiEmulator.Tests;

/// <summary>XAPI's wire format as the reference describes it (xapi-wire.md §1): the envelopes of both JSON-RPC
/// versions, exact content types, HTTP 200 for API errors and 500 for malformed calls, XML-RPC's untyped values,
/// sessions and the member's HOST_IS_SLAVE.</summary>
public sealed class WireFormatTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task JsonRpc_v2_success_has_no_error_key_and_the_exact_content_type()
    {
        var (status, type, body) = await emulator.PostAsync($"{emulator.Master}/jsonrpc",
            """{"jsonrpc":"2.0","method":"session.login_with_password","params":["root",""],"id":"x7"}""");

        Assert.Equal((HttpStatusCode.OK, "application/json"), (status, type));
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["jsonrpc", "result", "id"], answer.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("OpaqueRef:", answer.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Equal("x7", answer.GetProperty("id").GetString());
    }

    [Fact]
    public async Task JsonRpc_v1_answers_with_a_null_error_and_errors_as_a_flat_array()
    {
        var (_, _, ok) = await emulator.PostAsync($"{emulator.Master}/jsonrpc", """{"method":"session.login_with_password","params":["root",""],"id":3}""");
        var (status, _, failed) = await emulator.PostAsync($"{emulator.Master}/jsonrpc", """{"method":"VM.get_all","params":["OpaqueRef:nope"],"id":4}""");

        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(ok).RootElement.GetProperty("error").ValueKind);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"result":null,"error":["SESSION_INVALID","OpaqueRef:nope"],"id":4}""", failed);
    }

    [Fact]
    public async Task JsonRpc_v2_errors_are_code_1_with_the_XAPI_name_and_its_parameters()
    {
        var session = await emulator.LoginAsync();

        var answer = await emulator.CallAsync("VM.get_record", session, "OpaqueRef:missing");

        Assert.False(answer.TryGetProperty("result", out _));
        var error = answer.GetProperty("error");
        Assert.Equal((1, "HANDLE_INVALID"), (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()));
        Assert.Equal(["VM", "OpaqueRef:missing"], error.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"system.listMethods","params":[]}""")]
    [InlineData("""[{"jsonrpc":"2.0","method":"system.listMethods","params":[],"id":1}]""")]
    [InlineData("""{"method":"system.listMethods","id":1}""")]
    [InlineData("""{"jsonrpc":"1.5","method":"system.listMethods","params":[],"id":1}""")]
    [InlineData("not json")]
    public async Task A_call_XAPI_cannot_dispatch_is_HTTP_500_with_an_HTML_body(string call)
    {
        var (status, type, body) = await emulator.PostAsync($"{emulator.Master}/jsonrpc", call);

        Assert.Equal((HttpStatusCode.InternalServerError, "text/html"), (status, type));
        Assert.Contains("HTTP 500 internal server error", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_answers_a_pool_login_with_HOST_IS_SLAVE_and_the_masters_address_whatever_the_password()
    {
        var (_, _, body) = await emulator.PostAsync($"{emulator.Member}/jsonrpc",
            """{"jsonrpc":"2.0","method":"session.login_with_password","params":["root","wrong","2.21","PoolDash"],"id":1}""");

        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("HOST_IS_SLAVE", error.GetProperty("message").GetString());
        Assert.Equal([$"{emulator.Prefix}.2"], error.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_slave_local_session_works_on_its_own_member_only()
    {
        var (_, _, body) = await emulator.PostAsync($"{emulator.Member}/jsonrpc",
            """{"jsonrpc":"2.0","method":"session.slave_local_login_with_password","params":["root",""],"id":1}""");
        var local = JsonDocument.Parse(body).RootElement.GetProperty("result").GetString();

        var (_, _, there) = await emulator.PostAsync($"{emulator.Member}/jsonrpc", $$"""{"jsonrpc":"2.0","method":"host.get_all","params":["{{local}}"],"id":2}""");
        var (_, _, elsewhere) = await emulator.PostAsync($"{emulator.Master}/jsonrpc", $$"""{"jsonrpc":"2.0","method":"host.get_all","params":["{{local}}"],"id":3}""");

        Assert.Equal(3, JsonDocument.Parse(there).RootElement.GetProperty("result").GetArrayLength());
        Assert.Equal("SESSION_INVALID", JsonDocument.Parse(elsewhere).RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bad_credentials_are_SESSION_AUTHENTICATION_FAILED_and_a_wrong_parameter_count_is_named()
    {
        var failed = await emulator.CallAsync("session.login_with_password", "root", "not-it");
        var session = await emulator.LoginAsync();
        var count = await emulator.CallAsync("VM.get_record", session);
        var unknown = await emulator.CallAsync("VM.fly", session);

        Assert.Equal("SESSION_AUTHENTICATION_FAILED", failed.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(["VM.get_record", "1", "0"], count.GetProperty("error").GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("MESSAGE_METHOD_UNKNOWN", unknown.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task XmlRpc_on_any_path_but_jsonrpc_writes_ints_untyped_booleans_typed_and_listMethods_bare()
    {
        var session = await emulator.LoginAsync();
        var hostRef = (await emulator.CallAsync("host.get_all", session)).GetProperty("result")[0].GetString();

        var (status, type, record) = await emulator.PostAsync($"{emulator.Master}/xmlrpc",
            $"<?xml version='1.0'?><methodCall><methodName>host.get_record</methodName><params><param><value>{session}</value></param><param><value><string>{hostRef}</string></value></param></params></methodCall>",
            "text/xml");
        var (_, _, methods) = await emulator.PostAsync($"{emulator.Master}/RPC2",
            "<?xml version='1.0'?><methodCall><methodName>system.listMethods</methodName><params></params></methodCall>", "text/xml");

        Assert.Equal((HttpStatusCode.OK, "text/xml"), (status, type));
        Assert.StartsWith("<?xml version=\"1.0\"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member>", record,
            StringComparison.Ordinal);
        Assert.Contains("<name>API_version_major</name><value>2</value>", record, StringComparison.Ordinal);
        Assert.Contains("<name>enabled</name><value><boolean>1</boolean></value>", record, StringComparison.Ordinal);
        Assert.DoesNotContain("<i8>", record, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", record, StringComparison.Ordinal);
        Assert.StartsWith("<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data><value>", methods, StringComparison.Ordinal);
        Assert.Contains("<value>VM.get_all_records</value>", methods, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XmlRpc_failures_carry_the_error_description()
    {
        var (status, _, body) = await emulator.PostAsync($"{emulator.Master}/",
            "<?xml version='1.0'?><methodCall><methodName>VM.get_all</methodName><params><param><value><string>OpaqueRef:gone</string></value></param></params></methodCall>",
            "text/xml");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name><value><array><data><value>SESSION_INVALID</value><value>OpaqueRef:gone</value></data></array></value></member></struct></value></param></params></methodResponse>",
            body);
    }

    [Fact]
    public async Task Records_carry_XAPIs_field_names_refs_and_capitalised_power_states()
    {
        var session = await emulator.LoginAsync();

        var vms = (await emulator.CallAsync("VM.get_all_records", session)).GetProperty("result");
        var db = vms.EnumerateObject().Single(v => v.Value.GetProperty("name_label").GetString() == "db").Value;
        var spare = vms.EnumerateObject().Single(v => v.Value.GetProperty("name_label").GetString() == "spare").Value;
        var byUuid = await emulator.CallAsync("VM.get_by_uuid", session, "6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0301");

        Assert.Equal("Running", db.GetProperty("power_state").GetString());
        var dom0 = vms.EnumerateObject().Select(v => v.Value).Where(v => v.GetProperty("is_control_domain").GetBoolean()).ToList();
        Assert.Equal(3, dom0.Count);
        Assert.All(dom0, d => Assert.Equal(4096L * 1024 * 1024, d.GetProperty("memory_static_max").GetInt64()));
        Assert.Equal("restart", db.GetProperty("ha_restart_priority").GetString());
        Assert.Equal(("Halted", "OpaqueRef:NULL"), (spare.GetProperty("power_state").GetString(), spare.GetProperty("resident_on").GetString()));
        Assert.Equal(vms.EnumerateObject().Single(v => v.Value.GetProperty("name_label").GetString() == "db").Name, byUuid.GetProperty("result").GetString());
        var vdis = (await emulator.CallAsync("VDI.get_all_records", session)).GetProperty("result");
        var dbDisk = vdis.EnumerateObject().Single(v => v.Value.GetProperty("name_label").GetString() == "db disk 0").Value;
        Assert.Equal("RW", Assert.Single(dbDisk.GetProperty("sm_config").EnumerateObject(), k => k.Name.StartsWith("host_OpaqueRef:", StringComparison.Ordinal)).Value.GetString());
    }
}
