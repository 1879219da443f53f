using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Parley.Cli.Output;

/// <summary>
/// Standard output or standard error, as every command writes text to it: one line at a time,
/// each passed through <see cref="SafeText"/> on the way out, so no caller can forget to escape
/// what a peer or the server said. A line break inside a line is shown, not obeyed.
/// </summary>
internal sealed class Terminal(TextWriter writer)
{
    public static Terminal Out { get; } = new(Console.Out);

    public static Terminal Error { get; } = new(Console.Error);

    public void Line(string text) => writer.WriteLine(SafeText.ForTerminal(text));

    public void Lines(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Line(line);
        }
    }

    /// <summary>One JSON object on a line; System.Text.Json escapes every control character in strings.</summary>
    public void Json<T>(T value, JsonTypeInfo<T> type) => writer.WriteLine(JsonSerializer.Serialize(value, type));
}
