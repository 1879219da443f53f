namespace Parley.Crypto.Sessions;

/// <summary>
/// How much a ratchet keeps for messages that have not arrived yet (docs/sessions.md §6). The client
/// binds these from its settings; the defaults suit chat.
/// </summary>
public sealed record RatchetLimits
{
    /// <summary>
    /// At most this many message keys are skipped in one chain for one arriving message (Signal's MAX_SKIP):
    /// a message further ahead is refused with <see cref="SessionRejection.TooManySkipped"/> and the state is
    /// left as it was. Default 1,000.
    /// </summary>
    public int MaxSkipPerChain { get; init; } = 1_000;

    /// <summary>
    /// At most this many skipped message keys are kept in all. Past it the oldest are dropped (their
    /// messages then fail as <see cref="SessionRejection.Replayed"/>): refusing new messages instead would
    /// wedge the session for good. Default 2,000.
    /// </summary>
    public int MaxSkippedKeys { get; init; } = 2_000;

    /// <summary>
    /// The peer's earlier ratchet keys remembered after their chain ended, so a copy of an old message is
    /// reported as a replay rather than tried as a new ratchet step. Default 32.
    /// </summary>
    public int RememberedChains { get; init; } = 32;

    public static RatchetLimits Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSkipPerChain);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSkippedKeys, MaxSkipPerChain);
        ArgumentOutOfRangeException.ThrowIfNegative(RememberedChains);
    }
}
