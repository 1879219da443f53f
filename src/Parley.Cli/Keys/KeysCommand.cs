using System.CommandLine;

namespace Parley.Cli.Keys;

/// <summary>`parley keys`: your own key's fingerprint, trusting a peer's (new) key, and safety numbers.</summary>
internal static class KeysCommand
{
    public static Command Create() =>
        new("keys", "Show your key fingerprint, trust a peer's new key after comparing fingerprints, or compare safety numbers.")
        {
            KeysFingerprintCommand.Create(),
            KeysTrustCommand.Create(),
            KeysVerifyCommand.Create(),
        };
}
