namespace Parley.Client;

/// <summary>A message that passed every check. <see cref="MessageId"/> is 32 lowercase hex characters.</summary>
public sealed record ReceivedMessage(
    string From,
    string To,
    string Text,
    DateTimeOffset SentAt,
    string MessageId,
    string SenderFingerprint);
