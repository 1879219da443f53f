namespace Parley.Cli.Chat;

/// <summary>The longer texts the chat prints, as lines: the key-change warning and the help.</summary>
internal static class ChatText
{
    public static string[] KeyChanged(string name, string presented, string? pinned = null)
    {
        return [
            $"!!! KEY CHANGED for {name} !!!",
            $"    pinned:    {pinned ?? "(see /fingerprint " + name + ")"}",
            $"    presented: {presented}",
            $"    Messages from and to {name} are refused. Someone may be pretending to be {name}, or {name}",
            $"    made a new key. Compare the presented fingerprint with {name} in person or by phone;",
            $"    only if it matches, type /trust {name} {presented}",
        ];
    }

    public static string[] Help(string? lastRecipient) =>
    [
        "commands:",
        "  /msg NAME TEXT       send TEXT to NAME",
        "  /all TEXT            send TEXT to everyone online",
        "  /who                 who is online, with key fingerprints",
        "  /fingerprint [NAME]  your fingerprint, or NAME's and whether it matches your pin",
        "  /trust NAME [FP]     trust NAME's key; after a KEY CHANGED warning, only with",
        "                       the new fingerprint FP, compared with NAME first",
        "  /verify NAME         the safety number you and NAME both see, to compare",
        "  /verify NAME confirm mark NAME verified once the numbers matched",
        "  /videos              the server's videos: duration, renditions, state",
        "  /play NAME [QUALITY] play video NAME in ffplay or mpv while the chat goes on;",
        "                       QUALITY: auto (default), thirds, or a height such as 720",
        "  /stop                stop the video playing",
        "  /help                this list",
        "  /quit                leave (also Ctrl+C, or Ctrl+D on an empty line)",
        "A line without a slash goes to the last /msg recipient"
            + (lastRecipient is null ? " (none yet)." : $" (now {lastRecipient})."),
        "Start a line with // to send text that begins with a slash.",
        "Editing: Left/Right, Home/End, Backspace/Delete, Up/Down for earlier lines,",
        "Ctrl+U erases to the start, Ctrl+K to the end, Ctrl+W the word before the cursor.",
    ];
}
