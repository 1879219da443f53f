namespace Parley.Server.Prekeys;

/// <summary>
/// Against draining (docs/security.md): one fetching key gets at most one of an owner's one-time prekeys per
/// <see cref="ParleyServerOptions.OneTimePrekeyPerFetcherInterval"/>; its other bundles in that time come without one.
/// A client fetches a bundle to start a session, so a second one for the same owner within the hour is rare, and it
/// still gets a working bundle. Draining an owner then takes one registered name per one-time prekey per interval,
/// and registrations are rate-limited. Kept in memory (a restart forgets it) and bounded: past
/// <see cref="MaxRemembered"/> pairs, expired ones are dropped, and while it is still full nobody gets a one-time
/// prekey (fail closed: bundles still work without one).
/// </summary>
internal sealed class OneTimePrekeyRationing(ParleyServerOptions options, TimeProvider time)
{
    public const int MaxRemembered = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Fetcher, string Owner), long> _lastHandedOut = [];

    /// <summary>
    /// Runs <paramref name="take"/> with whether <paramref name="fetcher"/> may have one of <paramref name="owner"/>'s
    /// one-time prekeys now, and remembers the time when <paramref name="take"/> says it took one. One at a time, so
    /// two connections of one fetcher cannot both get one.
    /// </summary>
    public T Ration<T>(string fetcher, string owner, Func<bool, T> take, Func<T, bool> tookOne)
    {
        var interval = options.OneTimePrekeyPerFetcherInterval;
        if (interval <= TimeSpan.Zero)
        {
            return take(true);
        }

        lock (_gate)
        {
            var now = time.GetTimestamp();
            var pair = (fetcher, owner);
            var allowed = !_lastHandedOut.TryGetValue(pair, out var last) || time.GetElapsedTime(last, now) >= interval;
            if (allowed && !_lastHandedOut.ContainsKey(pair) && _lastHandedOut.Count >= MaxRemembered)
            {
                foreach (var expired in _lastHandedOut.Where(entry => time.GetElapsedTime(entry.Value, now) >= interval).Select(entry => entry.Key).ToList())
                {
                    _lastHandedOut.Remove(expired);
                }

                allowed = _lastHandedOut.Count < MaxRemembered;
            }

            var result = take(allowed);
            if (allowed && tookOne(result))
            {
                _lastHandedOut[pair] = now;
            }

            return result;
        }
    }
}
