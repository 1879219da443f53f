using System.CommandLine;
using Parley.Cli.Common;
using Parley.Client;

namespace Parley.Cli.Messaging;

/// <summary>
/// `parley send`: sends one message and exits 0 once the server confirms delivery, or that it queued the message for an
/// offline recipient (then it says so on standard output).
/// </summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var to = new Option<string>("--to") { HelpName = "NAME", Description = "The recipient", Required = true };
        var text = new Argument<string>("TEXT") { Description = "The message; '-' reads it from standard input" };
        var command = new Command("send", "Send one end-to-end encrypted message; exit 0 once it is delivered, or queued on the server for a recipient "
            + "who is offline (it prints 'queued for NAME ...'; they get it at their next 'listen' or 'chat').") { to, text };
        flags.AddTo(command);
        command.SetAction((parse, _) => RunAsync(
            flags.ToClientOptions(parse, presence: false),
            parse.GetRequiredValue(to),
            parse.GetRequiredValue(text)));
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options, string to, string text)
    {
        using var signals = new TerminationSignals();
        try
        {
            if (text == "-")
            {
                text = TrimFinalNewline(await Console.In.ReadToEndAsync(signals.Token));
            }

            if (text.Length == 0)
            {
                return ErrorLine.Fail("the message is empty", ExitCodes.Usage);
            }

            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            var outcome = await client.SendTextAsync(to, text, signals.Token);
            if (outcome.Status == SendStatus.Queued)
            {
                Output.Terminal.Out.Line(ClientErrors.Describe(outcome));
            }

            return outcome.Accepted ? ExitCodes.Ok : ErrorLine.Fail(ClientErrors.Describe(outcome));
        }
        catch (OperationCanceledException) when (signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
    }

    private static string TrimFinalNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
        : text.EndsWith('\n') ? text[..^1]
        : text;
}
