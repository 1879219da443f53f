using System.CommandLine;
using Parley.Cli.Chat;
using Parley.Client;

namespace Parley.Cli.Commands;

/// <summary>`parley chat`: the interactive chat.</summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var command = new Command(
            "chat",
            "Chat interactively: see who is online, send and receive messages. Type /help once connected.");
        flags.AddTo(command);
        command.SetAction((parse, _) => RunAsync(flags.ToClientOptions(parse, presence: true)));
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options)
    {
        using var signals = new TerminationSignals();
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            var onTerminal = !Console.IsInputRedirected && !Console.IsOutputRedirected;
            using IChatConsole console = onTerminal ? new ChatConsole($"{Output.SafeText.ForTerminal(client.Name)}> ") : new PlainChatConsole();
            return await new ChatSession(client, console, options.Server).RunAsync(signals.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException && signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (ParleyException ex)
        {
            return Cli.Fail(ClientErrors.Describe(ex, options.Server));
        }
    }
}
