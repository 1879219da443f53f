using Parley.Client;

namespace Parley.Cli.Output;

/// <summary>
/// The line for a delivery receipt, naming what was opened: <c>[14:02:11] bob opened your message "see you at…" (sent [14:01:58])</c>
/// for a message this chat sent, or its short id (<c>#1a2b3c4d</c>) for one it does not know (listen, another window).
/// Raw: the sink makes it safe.
/// </summary>
internal static class ReceiptText
{
    public const int PreviewLength = 24;
    private const int MaxListed = 3;

    public static string Of(DeliveryReceiptEvent receipt, SentMessages? sent = null)
    {
        var head = $"{MessageLine.Time(receipt.SentAt)} {receipt.From} opened your";
        var named = receipt.MessageIds.Take(MaxListed).Select(id => Name(id, receipt.From, sent)).ToList();
        if (receipt.MessageIds.Count == 1)
        {
            return $"{head} message {named[0]}";
        }

        var more = receipt.MessageIds.Count - named.Count;
        return $"{head} {receipt.MessageIds.Count} messages: {string.Join(", ", named)}{(more > 0 ? $" and {more} more" : "")}";
    }

    /// <summary>One line at most <see cref="PreviewLength"/> characters long, in quotes: "see you at…".</summary>
    public static string Preview(string text)
    {
        var line = string.Join(' ', text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (line.Length <= PreviewLength)
        {
            return $"\"{line}\"";
        }

        var cut = char.IsHighSurrogate(line[PreviewLength - 2]) ? PreviewLength - 2 : PreviewLength - 1; // never half a pair
        return $"\"{line[..cut]}…\"";
    }

    private static string Name(string id, string from, SentMessages? sent) => sent is not null && sent.TryGet(id, from, out var text, out var at)
        ? $"{Preview(text)} (sent {MessageLine.Time(at)})"
        : "#" + (id.Length > 8 ? id[..8] : id);
}
