using System.CommandLine;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Commands;

/// <summary>
/// `parley keys trust NAME`: pins the key NAME presents now, replacing a pin that no longer
/// matches. Only for after comparing fingerprints with NAME over another channel.
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
            Description = "Only trust the key if it has this fingerprint (the one PEER read to you)",
        };
        var command = new Command(
            "trust",
            "Trust PEER's current key after comparing fingerprints with them (re-pins a changed key).")
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

    private static async Task<int> RunAsync(ParleyClientOptions options, string peerName, string? expected)
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

            if (expected is not null && !FingerprintsMatch(expected, peer.Fingerprint))
            {
                return Cli.Fail($"{peer.Name}'s key has fingerprint {peer.Fingerprint}, not {expected.Trim()}; nothing changed");
            }

            var outcome = PeerTrust.Trust(client, peer);
            Terminal.Out.Line(outcome);
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

    private static bool FingerprintsMatch(string typed, string actual) =>
        string.Equals(Normalize(typed), Normalize(actual), StringComparison.Ordinal);

    private static string Normalize(string fingerprint) =>
        new(fingerprint.Where(char.IsAsciiHexDigit).Select(char.ToLowerInvariant).ToArray());
}
