using System.CommandLine;
using System.Globalization;
using Parley.Client;

namespace Parley.Cli.Common;

/// <summary>
/// The long-running commands (chat, listen, play) reconnect by <see cref="ReconnectPolicy.Default"/> unless
/// --no-reconnect; one-shot commands never do. Also the words for what happens meanwhile.
/// </summary>
internal sealed class Reconnecting
{
    public Option<bool> NoReconnect { get; } = new("--no-reconnect")
    {
        Description = "Exit when the connection is lost instead of reconnecting (with backoff, logging in again) — for scripts that want to fail fast",
    };

    public void AddTo(Command command) => command.Add(NoReconnect);

    public ParleyClientOptions Apply(ParseResult parse, ParleyClientOptions options) =>
        parse.GetValue(NoReconnect) ? options : options with { Reconnect = ReconnectPolicy.Default };

    /// <summary>One line for a reconnect event, null for any other event.</summary>
    public static string? Describe(ClientEvent e) => e switch
    {
        ConnectionLostEvent lost => $"connection lost: {lost.Reason}",
        ReconnectingEvent { Attempt: 1 } first => $"reconnecting in {Seconds(first.Delay)} s...",
        ReconnectingEvent again => $"reconnect failed ({again.Reason}); trying again in {Seconds(again.Delay)} s (attempt {again.Attempt})...",
        ReconnectedEvent back => $"reconnected after {Seconds(back.Offline)} s",
        _ => null,
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
