using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Tests.Support;

/// <summary>
/// Keeps every log line of a server, whatever its category, formatted and with its structured
/// properties, for tests that read the log.
/// </summary>
internal sealed class RecordingLogProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Line, IReadOnlyDictionary<string, object?> Properties)> _entries = new();

    public IReadOnlyList<string> Lines => [.. _entries.Select(entry => entry.Line)];

    /// <summary>The structured properties of the first line that starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyDictionary<string, object?> PropertiesOf(string prefix) =>
        _entries.First(entry => entry.Line.StartsWith(prefix, StringComparison.Ordinal)).Properties;

    public ILogger CreateLogger(string categoryName) => new Recorder(_entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(ConcurrentQueue<(string Line, IReadOnlyDictionary<string, object?> Properties)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((
                formatter(state, exception),
                state is IEnumerable<KeyValuePair<string, object?>> properties ? properties.ToDictionary() : new Dictionary<string, object?>()));
    }
}
