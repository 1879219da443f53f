using System.CommandLine;

namespace Parley.Cli.Commands;

/// <summary>`parley keys`: your own key's fingerprint, and re-trusting a peer whose key changed.</summary>
internal static class KeysCommand
{
    public static Command Create() =>
        new("keys", "Show your key fingerprint, or trust a peer's new key after comparing fingerprints.")
        {
            KeysFingerprintCommand.Create(),
            KeysTrustCommand.Create(),
        };
}
