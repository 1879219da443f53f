using System.CommandLine;
using Parley.Cli.Chat;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Chat;

/// <summary>`parley chat`: the interactive chat.</summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var command = new Command(
            "chat",
            "Chat interactively: see who is online, send and receive messages (messages sent while you were offline come first, "
            + "marked 'queued'). Type /help once connected.");
        flags.AddTo(command);
        var reconnecting = new Reconnecting();
        reconnecting.AddTo(command);
        command.SetAction((parse, _) => RunAsync(reconnecting.Apply(parse, flags.ToClientOptions(parse, presence: true, receiveQueued: true))));
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options)
    {
        using var signals = new TerminationSignals();
        var onTerminal = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        // The console starts before connecting, so what the user types meanwhile is neither echoed
        // by the terminal nor lost: lines wait until the session runs them.
        using IChatConsole console = onTerminal ? new ChatConsole($"{SafeText.ForTerminal(options.Name)}> ") : new PlainChatConsole();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.Token, console.QuitRequested);
        console.Start();
        console.Print($"connecting to {options.Server} as {SafeText.ForTerminal(options.Name)}...");
        try
        {
            ParleyClient client;
            try
            {
                client = await ParleyClient.ConnectAsync(options with { OnWarning = warning => console.Warn("! " + warning) }, stop.Token);
            }
            catch (ParleyException ex)
            {
                console.Dispose();
                return ErrorLine.Fail(ex.Message);
            }

            await using (client)
            {
                return await new ChatSession(client, console, options.Server).RunAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return signals.Signalled ? signals.ExitCode : ExitCodes.Ok;
        }
    }
}
