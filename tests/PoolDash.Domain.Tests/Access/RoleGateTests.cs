using PoolDash.Domain.Errors;
using PoolDash.Domain.Recovery;

namespace PoolDash.Domain.Tests.Access;

/// <summary>Gate 1: DOMAIN.md's table of who may run what, tried for every operation and every role.</summary>
public class RoleGateTests
{
    /// <summary>The table, written out again by hand so that a change to either is caught.</summary>
    private static readonly Dictionary<string, Role> Least = new()
    {
        [Operations.HostForget] = Role.PoolAdmin,
        [Operations.HostDeclareDead] = Role.PoolAdmin,
        [Operations.VmResetPowerState] = Role.VmPowerAdmin,
        [Operations.ResetVdis] = Role.PoolOperator,
        [Operations.VmStart] = Role.VmOperator,
        [Operations.VmShutdown] = Role.VmOperator,
        [Operations.EmergencyTransitionToMaster] = Role.PoolAdmin,
        [Operations.RecoverSlaves] = Role.PoolOperator,
        [Operations.HaEnable] = Role.PoolAdmin,
        [Operations.HaDisable] = Role.PoolAdmin,
        [Operations.HostJoin] = Role.PoolAdmin,
        [Operations.PoolCreate] = Role.PoolAdmin,
        [Operations.HostTokenIssue] = Role.PoolAdmin,
        [Operations.HostAttestDown] = Role.PoolOperator,
        [Operations.MaintenanceStart] = Role.PoolOperator,
        [Operations.MaintenanceEnd] = Role.PoolOperator,
        [Operations.IncidentAcknowledge] = Role.VmOperator,
        [Operations.IncidentResolve] = Role.VmOperator,
        [Operations.TwoPersonRuleEnable] = Role.PoolAdmin,
        [Operations.TwoPersonRuleDisable] = Role.PoolAdmin,
    };

    [Fact]
    public void Every_operation_is_allowed_to_exactly_its_role_and_those_above()
    {
        Assert.Equal(Least.Keys.Order(), Operations.All.Select(o => o.Name).Order());
        foreach (var operation in Least.Keys)
        {
            var allowed = Roles.All.Where(r => Roles.Check(r, operation) is null).ToList();

            Assert.Equal(Roles.All.Where(r => r >= Least[operation]), allowed);
        }
    }

    [Fact]
    public void Read_Only_runs_nothing_and_VM_Admin_runs_no_recovery_step()
    {
        Assert.All(Least.Keys, op => Assert.NotNull(Roles.Check(Role.ReadOnly, op)));
        // Besides its VMs, a VM Admin (like a VM Operator) may only say it is on an incident, or close one.
        var vmAdmin = Least.Keys.Where(op => Roles.Check(Role.VmAdmin, op) is null).Order();
        Assert.Equal([Operations.IncidentAcknowledge, Operations.IncidentResolve, Operations.VmShutdown, Operations.VmStart], vmAdmin);
    }

    [Fact]
    public void A_refusal_is_RBAC_PERMISSION_DENIED_naming_the_permission_and_both_roles()
    {
        var error = Roles.Check(Role.PoolOperator, Operations.HostForget)!;

        Assert.Equal(XapiErrorNames.RbacPermissionDenied, error.Name);
        Assert.Equal(Operations.HostForget, error.Params[0]);
        Assert.Contains("Pool Operator", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pool Admin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Read Only", Role.ReadOnly)]
    [InlineData("vm power admin", Role.VmPowerAdmin)]
    [InlineData("PoolAdmin", Role.PoolAdmin)]
    public void Roles_parse_by_their_xe_names(string name, Role expected)
    {
        Assert.True(Roles.TryParse(name, out var role));
        Assert.Equal(expected, role);
        Assert.False(Roles.TryParse("root", out _));
    }
}
