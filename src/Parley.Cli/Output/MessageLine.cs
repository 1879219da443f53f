using System.Globalization;
using Parley.Client;

namespace Parley.Cli.Output;

/// <summary>The human one-line form of a received message: "[14:02:11] bob: hello".</summary>
internal static class MessageLine
{
    public static string Time(DateTimeOffset at) =>
        "[" + at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "]";

    public static string Of(ReceivedMessage message) =>
        $"{Time(message.SentAt)} {SafeText.ForTerminal(message.From)}: {Body(message.Text)}";

    /// <summary>Message text made safe to print; its later lines are indented under the first.</summary>
    public static string Body(string text) =>
        SafeText.ForTerminal(text.ReplaceLineEndings("\n"), keepNewlines: true).Replace("\n", "\n    ", StringComparison.Ordinal);
}
