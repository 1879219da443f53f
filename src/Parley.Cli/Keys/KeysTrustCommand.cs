using System.CommandLine;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Keys;

/// <summary>
/// `parley keys trust NAME`: pins the key NAME presents now. Replacing a pin that no longer
/// matches needs --fingerprint with the new key's fingerprint, as NAME read it out of band.
/// </summary>
internal static class KeysTrustCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var peer = new Argument<string>("PEER") { Description = "Whose current key to trust" };
        var expected = new Option<string?>("--fingerprint")
        {
            HelpName = "FINGERPRINT",
            Description = "Only trust the key if it has this fingerprint (the one PEER read to you); needed to replace a changed key",
        };
        var command = new Command(
            "trust",
            "Trust PEER's current key: pins it, or replaces a changed key when --fingerprint is the new one.")
        {
            peer,
            expected,
        };
        flags.AddTo(command);
        command.SetAction((parse, _) => RunAsync(
            flags.ToClientOptions(parse, presence: false),
            parse.GetRequiredValue(peer),
            parse.GetValue(expected)));
        return command;
    }

    private static Task<int> RunAsync(ParleyClientOptions options, string peerName, string? expected) =>
        PeerCommand.RunAsync(options, peerName, (client, peer) =>
        {
            var (trusted, message) = PeerTrust.Trust(
                client, peer, expected, fingerprint => $"run 'parley keys trust {peer.Name} --fingerprint {fingerprint}'");
            if (!trusted)
            {
                return ErrorLine.Fail(message);
            }

            Terminal.Out.Line(message);
            return ExitCodes.Ok;
        });
}
