using System.CommandLine;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Messaging;

/// <summary>`parley listen`: prints the messages that arrive, until --count, --timeout or Ctrl+C.</summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var count = new Option<int?>("--count")
        {
            HelpName = "N",
            Description = "Exit 0 after N messages",
            CustomParser = NumberParsers.PositiveWholeNumber,
        };
        var timeout = new Option<double?>("--timeout")
        {
            HelpName = "SECONDS",
            Description = "Stop after this long: exit 3 if --count was not reached, else 0",
            CustomParser = NumberParsers.PositiveSeconds,
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per message and line" };
        var command = new Command(
            "listen",
            "Print the messages you receive, first those the server queued while you were offline (marked 'queued', "
            + "with their date). Prints 'listening as NAME' on stderr once logged in; "
            + "reconnects when the connection is lost (--count goes on counting), unless --no-reconnect.")
        {
            count,
            timeout,
            json,
        };
        flags.AddTo(command);
        var reconnecting = new Reconnecting();
        reconnecting.AddTo(command);
        command.SetAction((parse, _) => RunAsync(
            reconnecting.Apply(parse, flags.ToClientOptions(parse, presence: false, receiveQueued: true)),
            parse.GetValue(count),
            parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            parse.GetValue(json)));
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options, int? count, TimeSpan? timeout, bool json)
    {
        using var signals = new TerminationSignals();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        var received = 0;
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, deadline.Token);
            Terminal.Error.Line($"listening as {client.Name}");
            await foreach (var incoming in client.Events.ReadAllAsync(deadline.Token))
            {
                switch (incoming)
                {
                    case MessageReceivedEvent { Message: var message }:
                        if (json)
                        {
                            Terminal.Out.Json(MessageJson.Of(message), MessagingJsonContext.Default.MessageJson);
                        }
                        else
                        {
                            Terminal.Out.Lines(MessageLine.Of(message));
                        }

                        if (++received == count)
                        {
                            return ExitCodes.Ok;
                        }

                        break;
                    case MessageRejectedEvent rejected:
                        ErrorLine.Error($"rejected a message from {rejected.From}: {rejected.Reason}");
                        break;
                    case DeliveryReceiptEvent receipt:
                        ErrorLine.Error(ReceiptText.Of(receipt));
                        break;
                    case SessionResetEvent reset:
                        ErrorLine.Error(reset.Detail);
                        break;
                    case KeyChangedEvent changed:
                        ErrorLine.Error(
                            $"KEY CHANGED for {changed.Name}: pinned {changed.PinnedFingerprint}, presented {changed.PresentedFingerprint}; "
                            + $"their messages are refused until you compare fingerprints and run 'parley keys trust {changed.Name} --fingerprint {changed.PresentedFingerprint}'");
                        break;
                    case DisconnectedEvent disconnected:
                        return ErrorLine.Fail($"disconnected: {disconnected.Reason}");
                    default:
                        if (Reconnecting.Describe(incoming) is { } line)
                        {
                            ErrorLine.Error(line);
                        }

                        break;
                }
            }

            return ErrorLine.Fail("disconnected");
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException && signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException && deadline.IsCancellationRequested)
        {
            return count is null
                ? ExitCodes.Ok
                : ErrorLine.Fail($"timed out after {received} of {count} messages", ExitCodes.Timeout);
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
    }
}
