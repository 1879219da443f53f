namespace Parley.Client.Storage;

/// <summary>How the session store manages this client's prekeys (docs/sessions.md §12.3).</summary>
public sealed record SessionStoreOptions
{
    public static SessionStoreOptions Default { get; } = new();

    /// <summary>A signed prekey and a post-quantum prekey are replaced once this old (at the next <see cref="SessionStore.PlanUpload"/>). Default 7 days.</summary>
    public TimeSpan PrekeyRotationPeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A replaced prekey's private half is kept this long after it was replaced, so first messages sent with
    /// a bundle fetched before the rotation (queued on the server, say) still open. Default 14 days.
    /// </summary>
    public TimeSpan RetiredPrekeyGrace { get; init; } = TimeSpan.FromDays(14);

    /// <summary>The most one-time prekeys made for one upload (the server's own maximum caps it too). Default 100.</summary>
    public int OneTimePrekeyBatch { get; init; } = 100;

    /// <summary>
    /// The most one-time prekeys the store keeps unconsumed (uploaded, or maybe uploaded). Past it the oldest uploaded ones
    /// are forgotten: one handed out long ago whose first message never came, or one a server dropped. A peer's first
    /// message naming a forgotten one is answered with a lost-session notice and starts over. Default 500.
    /// </summary>
    public int MaxHeldOneTimePrekeys { get; init; } = 500;

    /// <summary>
    /// The most one-time prekeys made within one hour, however often the server says it runs low: a refill beyond it is
    /// held back and reported (<see cref="PrekeyRefillHeldEvent"/>) instead of obeyed. Default 200 (two full refills).
    /// </summary>
    public int MaxOneTimePrekeysMintedPerHour { get; init; } = 200;

    /// <summary>How long a seal or open waits for another process's transaction on the same home. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a message this home opened stays in sessions.db's opened-messages table after it was opened, so that the
    /// home's other connections (a second chat window) that get the same delivery show it too instead of refusing it as
    /// replayed. A message from the offline queue is kept longer: until the application took it (docs/sessions.md §13).
    /// Default 2 minutes.
    /// </summary>
    public TimeSpan OpenedMessageWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most opened messages kept (the oldest go first). A queued message opened but not taken that was pushed out is
    /// refused as replayed when the server hands it over again. Default 1,000, the server's offline queue per name.
    /// </summary>
    public int MaxOpenedMessages { get; init; } = 1000;

    /// <summary>
    /// An opened message not taken by the application is deleted this long after it was opened: by then the server's
    /// offline queue has dropped it too. Default 30 days, the server's QueueMaxAgeSeconds.
    /// </summary>
    public TimeSpan MaxOpenedMessageAge { get; init; } = TimeSpan.FromDays(30);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(OpenedMessageWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxOpenedMessages);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOpenedMessageAge, OpenedMessageWindow);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PrekeyRotationPeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetiredPrekeyGrace, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OneTimePrekeyBatch);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BusyTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeldOneTimePrekeys, OneTimePrekeyBatch);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxOneTimePrekeysMintedPerHour);
    }
}
