using Parley.Crypto.Envelope;

namespace Parley.Crypto.Sessions;

/// <summary>What <see cref="SessionSealer.Open"/> made of a format-2 envelope; <see cref="Status"/> says which fields are set.</summary>
/// <param name="Content">With <see cref="SessionOpenStatus.Opened"/>: the text, its time and the receipts it carries.</param>
/// <param name="MessageId">With <see cref="SessionOpenStatus.Opened"/>: the id to put in a delivery receipt.</param>
/// <param name="StartedSession">With <see cref="SessionOpenStatus.Opened"/>: this message set up a new session (the peer started over).</param>
/// <param name="Notice">With <see cref="SessionOpenStatus.UnknownSession"/>: the SESSION_UNKNOWN notice to send back.</param>
public sealed record SessionOpenResult(
    SessionOpenStatus Status,
    SessionContent? Content = null,
    byte[]? MessageId = null,
    bool StartedSession = false,
    byte[]? Notice = null);
