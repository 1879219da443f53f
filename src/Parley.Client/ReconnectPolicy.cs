namespace Parley.Client;

/// <summary>
/// How a <see cref="ParleyClient"/> comes back after its connection is lost (the server restarted, the
/// network dropped, the server said it is shutting down or busy): it waits, dials again, logs in with the
/// same identity and, with presence, restores the roster. The wait before attempt n is "full jitter"
/// exponential backoff: a random time between zero and min(<see cref="MaxDelay"/>,
/// <see cref="InitialDelay"/> × 2^(n-1)), so clients dropped together by one restart do not come back
/// together; never shorter than the server's own retry_after_ms advice. A refusal that would only be
/// repeated (NAME_TAKEN, BAD_SIGNATURE, INVALID_NAME, a key or protocol error) ends the client at once.
/// </summary>
public sealed record ReconnectPolicy
{
    /// <summary>The policy the long-running commands use (chat, listen, play).</summary>
    public static ReconnectPolicy Default { get; } = new();

    /// <summary>The ceiling of the first wait; each further attempt doubles it. Default 0.5 s.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest ceiling a wait grows to. Default 10 s: a person at a chat notices a longer gap.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop trying once the connection has been gone this long (null: never). Default 1 hour.</summary>
    public TimeSpan? GiveUpAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a new connection may take, after its login, to be back in the state the client needs (with presence:
    /// the whole roster read). A server that takes longer is treated as lost: the connection is dropped and the next
    /// attempt follows the backoff. Default 30 s.
    /// </summary>
    public TimeSpan RestoreTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock the waits run on (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the jitter comes from (tests pass a seeded one); null: <see cref="Random.Shared"/>.</summary>
    public Random? Random { get; init; }

    /// <summary>The ceiling of the wait before attempt <paramref name="attempt"/> (1 = the first).</summary>
    public TimeSpan CeilingFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var initial = Math.Max(InitialDelay.TotalMilliseconds, 0);
        var max = Math.Max(MaxDelay.TotalMilliseconds, initial);
        var ceiling = initial * Math.Pow(2, Math.Min(attempt - 1, 62));
        return TimeSpan.FromMilliseconds(Math.Min(ceiling, max));
    }

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/>: uniformly random up to <see cref="CeilingFor"/>,
    /// but at least <paramref name="serverAdvice"/> (the server's retry_after_ms) when it gave some.
    /// </summary>
    public TimeSpan DelayBefore(int attempt, TimeSpan? serverAdvice = null)
    {
        var ceiling = CeilingFor(attempt);
        double sample;
        var random = Random ?? System.Random.Shared;
        lock (random)
        {
            sample = random.NextDouble();
        }

        var jittered = TimeSpan.FromMilliseconds(ceiling.TotalMilliseconds * sample);
        return serverAdvice is { } advice && advice > jittered ? advice : jittered;
    }
}
