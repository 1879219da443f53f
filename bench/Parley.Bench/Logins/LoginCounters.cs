using System.Collections.Concurrent;

namespace Parley.Bench.Logins;

/// <summary>What every login loop of one run did: logins inside the window, refusals by code, failures.</summary>
internal sealed class LoginCounters
{
    private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);
    private long _attempts;
    private long _logins;
    private int _failures;
    private string? _firstFailure;

    /// <summary>True during the measurement window: only logins that end inside it count.</summary>
    public volatile bool Measuring;

    public long Logins => Interlocked.Read(ref _logins);

    /// <summary>Claims one more attempt; false once the run's bound is reached.</summary>
    public bool TryStartAttempt(long maxAttempts) => Interlocked.Increment(ref _attempts) <= maxAttempts;

    public void CountLogin() => Interlocked.Increment(ref _logins);

    public void CountRefusal(string code) => _refusals.AddOrUpdate(code, 1, static (_, n) => n + 1);

    public void CountFailure(Exception ex)
    {
        Interlocked.Increment(ref _failures);
        Interlocked.CompareExchange(ref _firstFailure, $"{ex.GetType().Name}: {ex.Message}", null);
    }

    /// <summary>Refusals and failures in words; empty when every login was accepted.</summary>
    public string Problems()
    {
        var parts = _refusals.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Value} refused ({pair.Key})").ToList();
        if (_failures > 0)
        {
            parts.Add($"{_failures} failed (first: {_firstFailure})");
        }

        return string.Join("; ", parts);
    }
}
