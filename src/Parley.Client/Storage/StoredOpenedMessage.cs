using Parley.Crypto.Envelope;

namespace Parley.Client.Storage;

/// <summary>A row of opened_messages: what a message opened to, when, whether it came from the offline queue, and when an application took it.</summary>
internal sealed record StoredOpenedMessage(
    byte[] MessageId,
    SessionContent Content,
    DateTimeOffset OpenedAt,
    bool Queued,
    DateTimeOffset? TakenAt);
