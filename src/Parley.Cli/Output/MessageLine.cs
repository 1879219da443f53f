using System.Globalization;
using Parley.Client;

namespace Parley.Cli.Output;

/// <summary>
/// The human form of a received message: "[14:02:11] bob: hello", its later lines indented under
/// the first. The lines are raw: the sink they are written to makes them safe.
/// </summary>
internal static class MessageLine
{
    public static string Time(DateTimeOffset at) =>
        "[" + at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "]";

    /// <summary>With the date, for a message sent while this name was offline: "[2026-12-05 14:02:11] bob (queued): hello".</summary>
    public static string DateAndTime(DateTimeOffset at) =>
        "[" + at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "]";

    public static IReadOnlyList<string> Of(ReceivedMessage message) => message.WasQueued
        ? Lines($"{DateAndTime(message.SentAt)} {message.From} (queued): ", message.Text)
        : Lines($"{Time(message.SentAt)} {message.From}: ", message.Text);

    /// <summary><paramref name="head"/> and the first line of <paramref name="text"/>, then its later lines indented.</summary>
    public static IReadOnlyList<string> Lines(string head, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        return [head + lines[0], .. lines.Skip(1).Select(line => "    " + line)];
    }
}
