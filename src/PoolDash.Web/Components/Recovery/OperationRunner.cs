using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;
using PoolDash.Web.Auth;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Components.Recovery;

/// <summary>
/// What a page does when an operator clicks an operation: for a dangerous one, the typed confirmation quoting the
/// guide's warning; then the step through the recovery service's gates as the signed-in user, and the outcome in
/// XenServer's words.
/// </summary>
internal sealed class OperationRunner(RecoveryService recovery, UserDirectory users, AuthenticationStateProvider authentication,
    IDialogService dialogs, ISnackbar snackbar, PoolDash.Web.Pools.PoolRegistry registry)
{
    private const string Origin = Origins.Web;

    public Task<OperationOutcome?> RunAsync(PoolSnapshot pool, PoolCommand command, string label, string commandLine) =>
        RunAsync(pool, _ => command, label, commandLine);

    /// <param name="commandOf">The step as the signed-in operator's (an attestation carries who gives it).</param>
    public async Task<OperationOutcome?> RunAsync(PoolSnapshot pool, Func<Operator, PoolCommand> commandOf, string label, string commandLine)
    {
        if (await SignedInAsync().ConfigureAwait(true) is not { } who)
        {
            return null;
        }

        var command = commandOf(who);
        // A step that lowers the HA plan says so before it runs: in its confirmation, or in a question of its own.
        var haWarning = registry.Find(pool.Id)?.HaImpactOf(command) is { Lowers: true } impact ? $"{label} lowers the HA plan: {impact.Cost}." : null;

        OperationConfirmation? confirmation = null;
        // A role that may not run the step is refused (and audited) at once, without asking for a confirmation first.
        if (command.Info.Dangerous && Roles.Check(who.Role, command.Operation) is null)
        {
            var sr = command is ResetVdis reset ? pool.Srs.FirstOrDefault(s => s.Id == reset.SrId)?.Name : null;
            var parameters = new DialogParameters<ConfirmOperationDialog>
            {
                { d => d.Label, label },
                { d => d.TargetName, TargetNames.Of(pool, command) },
                { d => d.SrName, sr },
                { d => d.CommandLine, commandLine },
                { d => d.Warning, command.Info.Warning },
                { d => d.NeedsSecondPerson, Approval.IsNeeded(command.Operation, pool.TwoPersonRule) },
                { d => d.HaWarning, haWarning },
            };
            var dialog = await dialogs.ShowAsync<ConfirmOperationDialog>(label, parameters).ConfigureAwait(true);
            var answer = await dialog.Result.ConfigureAwait(true);
            if (answer is null || answer.Canceled || answer.Data is not OperationConfirmation typed)
            {
                return null;
            }

            // The dialog showed what the step costs the HA plan: confirming it says that was read.
            confirmation = typed with { AcknowledgeHaPlan = haWarning is not null };
        }
        else if (haWarning is not null)
        {
            if (await dialogs.ShowMessageBoxAsync(label, haWarning, yesText: "Run it anyway", cancelText: "Cancel").ConfigureAwait(true) != true)
            {
                return null;
            }

            confirmation = new OperationConfirmation(null, null, AcknowledgeWarning: false, AcknowledgeHaPlan: true);
        }

        var outcome = await recovery.RequestAsync(pool.Id, command, confirmation, who, Origin, CancellationToken.None).ConfigureAwait(true);
        Report(label, outcome);
        return outcome;
    }

    public Task<OperationOutcome?> ApproveAsync(Approval approval, string label) =>
        DecideAsync(label, who => recovery.ApproveAsync(approval.Id, who, Origin, CancellationToken.None));

    public Task<OperationOutcome?> CancelAsync(Approval approval, string label) =>
        DecideAsync(label, who => recovery.CancelAsync(approval.Id, who, Origin, CancellationToken.None));

    private async Task<OperationOutcome?> DecideAsync(string label, Func<Operator, Task<OperationOutcome>> decide)
    {
        if (await SignedInAsync().ConfigureAwait(true) is not { } who)
        {
            return null;
        }

        var outcome = await decide(who).ConfigureAwait(true);
        Report(label, outcome);
        return outcome;
    }

    /// <summary>The signed-in operator as the store knows them now, or null after telling them to sign in again.</summary>
    public async Task<Operator?> SignedInAsync()
    {
        if (await users.FindAsync((await authentication.GetAuthenticationStateAsync().ConfigureAwait(true)).User).ConfigureAwait(true) is { } who)
        {
            return who;
        }

        snackbar.Add("Your sign-in is no longer valid (deleted, locked out or expired): reload the page and sign in again.", Severity.Error);
        return null;
    }

    private void Report(string label, OperationOutcome outcome)
    {
        switch (outcome.Status)
        {
            case OperationStatus.Performed:
                snackbar.Add((outcome.Approval is { } approved ? $"{label}: approved by {approved.DecidedBy} and done" : $"{label}: done")
                    + (outcome.Note is { } note ? $" — {note}." : "."), Severity.Success);
                break;
            case OperationStatus.NotSeen:
                snackbar.Add($"{label}: sent to the pool, not seen. {outcome.Error!.Name}: {outcome.Error.Message} {outcome.Error.NextStep}", Severity.Warning);
                break;
            case OperationStatus.AlreadyDone:
                snackbar.Add($"{label}: already done by {outcome.Earlier!.Actor} at {outcome.Earlier.At:HH:mm:ss}.", Severity.Info);
                break;
            case OperationStatus.Pending:
                snackbar.Add($"{label}: waiting for a second Pool Admin to approve it (until {outcome.Approval!.ExpiresAt:HH:mm:ss}).", Severity.Warning);
                break;
            case OperationStatus.Cancelled:
                snackbar.Add($"{label}: request withdrawn.", Severity.Info);
                break;
            default:
                snackbar.Add($"{outcome.Error!.Name}: {outcome.Error.Message} {outcome.Error.NextStep}", Severity.Error);
                break;
        }
    }
}
