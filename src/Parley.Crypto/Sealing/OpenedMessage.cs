namespace Parley.Crypto;

/// <summary>A message that passed every check: authentic, for us, fresh and new.</summary>
public sealed record OpenedMessage(
    string From,
    string To,
    string MessageId,
    DateTimeOffset SentAt,
    string SenderFingerprint,
    string Text);
