using System.CommandLine;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Keys;

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

    private static Task<int> RunAsync(ParleyClientOptions options, string peerName, bool mark) =>
        PeerCommand.RunAsync(options, peerName, (client, peer) =>
        {
            var (lines, error) = PeerVerification.Show(
                client,
                peer,
                mark,
                fingerprint => $"run 'parley keys trust {peer.Name} --fingerprint {fingerprint}'",
                $"run 'parley keys verify {peer.Name} --mark'");
            if (lines is null)
            {
                return ErrorLine.Fail(error!);
            }

            Terminal.Out.Lines(lines);
            return ExitCodes.Ok;
        });
}
