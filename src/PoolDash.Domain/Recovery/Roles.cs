using PoolDash.Domain.Errors;

namespace PoolDash.Domain.Recovery;

/// <summary>The roles by the names <c>xe role-list</c> prints, and gate 1: whether a role may run an operation.</summary>
public static class Roles
{
    private static readonly Dictionary<Role, string> Names = new()
    {
        [Role.ReadOnly] = "Read Only",
        [Role.VmOperator] = "VM Operator",
        [Role.VmAdmin] = "VM Admin",
        [Role.VmPowerAdmin] = "VM Power Admin",
        [Role.PoolOperator] = "Pool Operator",
        [Role.PoolAdmin] = "Pool Admin",
    };

    /// <summary>From the least to the most powerful.</summary>
    public static IReadOnlyList<Role> All { get; } = [.. Enum.GetValues<Role>().Order()];

    public static string Name(Role role) => Names[role];

    public static bool TryParse(string? name, out Role role)
    {
        foreach (var (candidate, text) in Names)
        {
            if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase) || string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = Role.ReadOnly;
        return false;
    }

    /// <summary>Gate 1: the role must be at least the one DOMAIN.md's table gives the operation.</summary>
    public static XapiError? Check(Role role, string operation)
    {
        var needs = Operations.Get(operation).RequiredRole;
        return role >= needs ? null : Xapi.PermissionDenied(operation, role, needs);
    }

    /// <summary>Approving a two-person step is a Pool Admin's act, whatever the step.</summary>
    public const Role Approver = Role.PoolAdmin;
}
