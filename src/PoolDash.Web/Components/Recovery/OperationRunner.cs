using MudBlazor;
using PoolDash.Domain.Recovery;
using PoolDash.Web.Recovery;

namespace PoolDash.Web.Components.Recovery;

/// <summary>
/// What a page does when an operator clicks an operation: for a dangerous one, the typed confirmation quoting the
/// guide's warning; then the command through the recovery service, and the outcome in XenServer's words.
/// </summary>
internal sealed class OperationRunner(RecoveryService recovery, IDialogService dialogs, ISnackbar snackbar)
{
    /// <summary>Who acts, until sign-in exists.</summary>
    public const string Actor = "operator";

    public async Task<CommandResult?> RunAsync(Guid poolId, PoolCommand command, string label, string targetName, string commandLine)
    {
        var info = Operations.Get(command.Operation);
        if (info.Dangerous)
        {
            var parameters = new DialogParameters<ConfirmOperationDialog>
            {
                { d => d.Label, label },
                { d => d.TargetName, targetName },
                { d => d.CommandLine, commandLine },
                { d => d.Warning, info.Warning },
            };
            var dialog = await dialogs.ShowAsync<ConfirmOperationDialog>(label, parameters).ConfigureAwait(true);
            var answer = await dialog.Result.ConfigureAwait(true);
            if (answer is null || answer.Canceled)
            {
                return null;
            }
        }

        var result = await recovery.RunAsync(poolId, command, Actor, "web", CancellationToken.None).ConfigureAwait(true);
        switch (result.Outcome)
        {
            case CommandOutcome.Performed:
                snackbar.Add($"{label}: done.", Severity.Success);
                break;
            case CommandOutcome.AlreadyDone:
                snackbar.Add($"{label}: already done by {result.Earlier!.Actor} at {result.Earlier.At:HH:mm:ss}.", Severity.Info);
                break;
            default:
                snackbar.Add($"{result.Error!.Name}: {result.Error.Message} {result.Error.NextStep}", Severity.Error);
                break;
        }

        return result;
    }
}
