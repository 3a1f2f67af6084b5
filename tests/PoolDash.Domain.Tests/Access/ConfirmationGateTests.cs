using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Access;

/// <summary>Gate 3: the typed confirmation of the steps the guide warns can corrupt data.</summary>
public class ConfirmationGateTests
{
    private readonly LabPool _lab = new();

    [Fact]
    public void A_dangerous_step_needs_the_exact_target_name_and_the_warning_acknowledged()
    {
        var forget = new ForgetHost(LabPool.A);
        var name = _lab.Host(LabPool.A).Name;

        Assert.Equal(XapiErrorNames.ConfirmationRequired, Confirmations.Check(_lab.Snapshot, forget, null)!.Name);
        Assert.NotNull(Confirmations.Check(_lab.Snapshot, forget, new OperationConfirmation(name.ToUpperInvariant(), null, true)));
        Assert.NotNull(Confirmations.Check(_lab.Snapshot, forget, new OperationConfirmation(name, null, false)));
        Assert.Null(Confirmations.Check(_lab.Snapshot, forget, new OperationConfirmation(name, null, true)));
    }

    [Fact]
    public void Resetvdis_also_needs_the_SR_name()
    {
        var reset = new ResetVdis(LabPool.A, LabPool.Nfs, false);
        var host = _lab.Host(LabPool.A).Name;
        var sr = _lab.Snapshot.Srs.Single(s => s.Id == LabPool.Nfs).Name;

        var error = Confirmations.Check(_lab.Snapshot, reset, new OperationConfirmation(host, "wrong", true))!;

        Assert.Contains("srName", error.Params[0], StringComparison.Ordinal);
        Assert.Null(Confirmations.Check(_lab.Snapshot, reset, new OperationConfirmation(host, sr, true)));
    }

    [Fact]
    public void A_safe_step_needs_no_confirmation()
    {
        Assert.Null(Confirmations.Check(_lab.Snapshot, new RecoverSlaves(LabPool.M), null));
    }
}
