using System.CommandLine;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Commands;

/// <summary>`parley keys verify PEER`: shows the safety number with PEER; with --mark, records that it matched.</summary>
internal static class KeysVerifyCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var peer = new Argument<string>("PEER") { Description = "Whom to compare keys with" };
        var mark = new Option<bool>("--mark") { Description = "Record PEER as verified (after the numbers matched)" };
        var command = new Command(
            "verify",
            "Show the 60-digit safety number you and PEER both see; compare it out of band, then mark PEER verified with --mark.")
        {
            peer,
            mark,
        };
        flags.AddTo(command);
        command.SetAction((parse, _) => RunAsync(
            flags.ToClientOptions(parse, presence: false),
            parse.GetRequiredValue(peer),
            parse.GetValue(mark)));
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options, string peerName, bool mark)
    {
        using var signals = new TerminationSignals();
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            var peer = await client.LookupAsync(peerName, signals.Token);
            if (peer is null)
            {
                return Cli.Fail($"nobody is registered as {peerName}");
            }

            if (client.IsOwnName(peer.RegisteredName))
            {
                return Cli.Fail("a safety number is between you and someone else");
            }

            var (lines, error) = PeerVerification.Show(
                client,
                peer,
                mark,
                fingerprint => $"run 'parley keys trust {peer.Name} --fingerprint {fingerprint}'",
                $"run 'parley keys verify {peer.Name} --mark'");
            if (lines is null)
            {
                return Cli.Fail(error!);
            }

            foreach (var line in lines)
            {
                Terminal.Out.Line(line);
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException && signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (ParleyException ex)
        {
            return Cli.Fail(ex.Message);
        }
    }
}
