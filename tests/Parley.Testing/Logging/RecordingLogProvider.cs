using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Parley.Testing;

/// <summary>
/// Keeps every log line of Information and above, whatever its category, formatted, with its level and
/// its structured properties, for tests that read the log.
/// </summary>
public sealed class RecordingLogProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<string> Lines => [.. _entries.Select(entry => entry.Text)];

    /// <summary>The structured properties of the first line that starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyDictionary<string, object?> PropertiesOf(string prefix) =>
        _entries.First(entry => entry.Text.StartsWith(prefix, StringComparison.Ordinal)).Properties;

    public ILogger CreateLogger(string categoryName) => new Recorder<object>(_entries);

    /// <summary>A logger for a class that takes an <see cref="ILogger{T}"/>, recording here.</summary>
    public ILogger<T> CreateLogger<T>() => new Recorder<T>(_entries);

    public void Dispose()
    {
    }

    private sealed class Recorder<T>(ConcurrentQueue<LogEntry> entries) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(
                logLevel,
                formatter(state, exception),
                state is IEnumerable<KeyValuePair<string, object?>> properties ? properties.ToDictionary() : new Dictionary<string, object?>()));
    }
}

/// <summary>One recorded log line.</summary>
public sealed record LogEntry(LogLevel Level, string Text, IReadOnlyDictionary<string, object?> Properties);
