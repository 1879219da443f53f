using System.CommandLine;
using Parley.Cli.Chat;
using Parley.Cli.Common;
using Parley.Cli.Hosting;
using Parley.Cli.Keys;
using Parley.Cli.Messaging;
using Parley.Cli.Output;
using Parley.Cli.Presence;
using Parley.Cli.Video;
using Parley.Protocol.Unicode;

namespace Parley.Cli;

/// <summary>The `parley` command tree and how a command line becomes an exit code.</summary>
internal static class ParleyCommandLine
{
    public static RootCommand Build() =>
        new("parley: end-to-end encrypted chat, and video streamed over the same connection or as HLS. Run 'parley COMMAND --help' for a command's options.")
        {
            ServerCommand.Create(),
            ChatCommand.Create(),
            SendCommand.Create(),
            ListenCommand.Create(),
            WhoCommand.Create(),
            KeysCommand.Create(),
            ServersCommand.Create(),
            VideosCommand.Create(),
            PlayCommand.Create(),
        };

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                ErrorLine.Error(error.Message);
            }

            Terminal.Error.Line($"Run '{UsageHint(parse)} --help' for usage.");
            return ExitCodes.Usage;
        }

        // Each command handles Ctrl+C and SIGTERM itself (see TerminationSignals), so the
        // library's own termination handling, which would race it, is switched off.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation);
        }
        catch (Exception ex) when (Find<IcuUnavailableException>(ex) is { } missingIcu)
        {
            return ErrorLine.Fail(missingIcu.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Terminal.Error.Lines(("parley: unexpected error: " + ex).Split('\n'));
            return ExitCodes.Error;
        }
    }

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string UsageHint(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "parley" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
