using PoolDash.Web.XapiPools;

namespace PoolDash.Web.Tests.XapiPools;

/// <summary>The pool's own refusal reaches the operator unchanged — XAPI's name and parameters as sent — with what it
/// means and what to do; one the table does not know still keeps both and points at the pool.</summary>
public sealed class PoolRefusalsTests
{
    [Theory]
    [InlineData("HOST_IS_LIVE", "OpaqueRef:1", "master still reaches it")]
    [InlineData("HA_IS_ENABLED", null, "HA is enabled")]
    [InlineData("VM_BAD_POWER_STATE", "OpaqueRef:2|halted|running", "The VM is running on the pool; the step needs it halted")]
    [InlineData("HOST_NOT_LIVE", null, "not live")]
    [InlineData("HOST_DISABLED", "OpaqueRef:3", "disabled")]
    [InlineData("HOST_HAS_RESIDENT_VMS", "OpaqueRef:4", "user VMs registered")]
    [InlineData("SR_BACKEND_FAILURE_46", "|The VDI is not available [opterr=VDI 1234 already attached RW]|", "The VDI is not available [opterr=VDI 1234 already attached RW]")]
    [InlineData("HOST_NOT_ENOUGH_FREE_MEMORY", "4294967296|1073741824", "The host has 1073741824 bytes free; the VM needs 4294967296")]
    [InlineData("RBAC_PERMISSION_DENIED", "host.destroy|no", "may not run this call")]
    [InlineData("SOMETHING_NEW", "a|b", "The pool refused host.destroy(xcp-02)")]
    public void Each_refusal_keeps_XAPIs_name_and_parameters_and_says_what_it_means_and_what_to_do(string code, string? parameters, string meaning)
    {
        var sent = parameters?.Split('|') ?? [];

        var shown = PoolRefusals.Of(new XapiException(code, sent), "host.destroy(xcp-02)");

        Assert.Equal(code, shown.Name);
        Assert.Equal(sent, shown.Params);
        Assert.Contains(meaning, shown.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(shown.NextStep));
    }
}
