using Parley.Client;

namespace Parley.Cli.Output;

/// <summary>How a peer key's trust-on-first-use status is shown to people and scripts.</summary>
internal static class PinWords
{
    public static string Json(PinStatus pin) => pin switch
    {
        PinStatus.FirstSeen => "new",
        PinStatus.Matches => "trusted",
        PinStatus.Changed => "changed",
        _ => "unknown",
    };

    /// <summary>Suffix after a fingerprint in human output.</summary>
    public static string Human(PinStatus pin) => pin switch
    {
        PinStatus.FirstSeen => "  (new, pinned now)",
        PinStatus.Changed => "  !!! KEY CHANGED: not trusted, see /fingerprint and /trust !!!",
        _ => "",
    };
}
