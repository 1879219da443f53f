namespace Parley.Testing;

/// <summary>Polls a condition until it holds or a generous deadline passes (no fixed sleeps).</summary>
public static class Deadline
{
    // The CI machine may be busy with other builds: deadlines are for hangs, not for speed.
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    /// <param name="what">Describes what was awaited; called only on timeout, so it can show the output by then.</param>
    public static async Task<T> UntilAsync<T>(Func<T?> probe, Func<string> what, TimeSpan? timeout = null)
        where T : class
    {
        var until = DateTime.UtcNow + (timeout ?? Default);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"timed out waiting for {what()}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task UntilAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"timed out waiting for {what()}");
            }

            await Task.Delay(50);
        }
    }
}
