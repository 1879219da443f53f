using System.CommandLine;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Presence;

/// <summary>`parley who`: lists who else is online, with key fingerprints.</summary>
internal static class WhoCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var json = new Option<bool>("--json") { Description = "One JSON object per peer and line: name, fingerprint, pin (new, trusted, verified, changed)" };
        var command = new Command("who", "List who else is online, with their key fingerprints; pins the keys of names seen for the first time.") { json };
        flags.AddTo(command);
        command.SetAction((parse, _) => RunAsync(flags.ToClientOptions(parse, presence: true), parse.GetValue(json)));
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options, bool json)
    {
        using var signals = new TerminationSignals();
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            // Trust on first use: a key shown as new is pinned, so the next run can tell if it changes.
            var online = client.Online.Select(client.PinIfNew).ToList();
            if (json)
            {
                foreach (var peer in online)
                {
                    Terminal.Out.Json(PeerJson.Of(peer), PresenceJsonContext.Default.PeerJson);
                }
            }
            else if (online.Count == 0)
            {
                Terminal.Out.Line("nobody else is online");
            }
            else
            {
                Terminal.Out.Lines(PeerTable.Lines(online));
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException && signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
    }
}
