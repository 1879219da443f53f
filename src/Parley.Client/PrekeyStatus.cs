namespace Parley.Client;

/// <summary>
/// What the server holds of this identity's prekeys (docs/protocol.md §12.1): at login
/// (<see cref="ParleyClient.Prekeys"/>), after an upload, and when the server pushes it (<see cref="PrekeyStatusEvent"/>).
/// The server's word: it decides nothing for the client, it only tells when to upload more.
/// </summary>
/// <param name="Published">The identity agreement key, signed prekey and post-quantum prekey are all stored.</param>
/// <param name="OneTimePrekeys">One-time prekeys left on the server.</param>
/// <param name="SignedPrekeyCreatedAt">When the stored signed prekey says it was made; null when none is stored.</param>
/// <param name="RefillBelow">The server pushes this status when a bundle it hands out leaves fewer one-time prekeys than this.</param>
/// <param name="MaxOneTimePrekeys">The most one-time prekeys the server keeps for one key.</param>
public sealed record PrekeyStatus(bool Published, int OneTimePrekeys, DateTimeOffset? SignedPrekeyCreatedAt, int RefillBelow, int MaxOneTimePrekeys)
{
    /// <summary>Fewer one-time prekeys are left than the server's refill mark: time to upload more.</summary>
    public bool NeedsRefill => OneTimePrekeys < RefillBelow;

    /// <summary>How many one-time prekeys an upload may add without exceeding the server's bound.</summary>
    public int Room => Math.Max(0, MaxOneTimePrekeys - OneTimePrekeys);

    internal static PrekeyStatus? From(Parley.Protocol.Messages.PrekeyStatus? wire) => wire is null
        ? null
        : new PrekeyStatus(
            wire.Published,
            Clamp(wire.OneTimePrekeys),
            wire.SignedPrekeyCreatedAtMs is > 0 and <= MaxUnixMs ? DateTimeOffset.FromUnixTimeMilliseconds(wire.SignedPrekeyCreatedAtMs) : null,
            Clamp(wire.RefillBelow),
            Clamp(wire.MaxOneTimePrekeys));

    // The largest time DateTimeOffset holds (9999-12-31); a server may send anything.
    private const long MaxUnixMs = 253_402_300_799_999;

    private static int Clamp(uint value) => (int)Math.Min(value, int.MaxValue);
}
