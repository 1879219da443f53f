using Parley.Client;

namespace Parley.Cli.Messaging;

/// <summary>
/// One received message as `parley listen --json` prints it (one object per line); queuedAt is null unless it came from the
/// offline queue, else when it was stored by this machine's clock (<see cref="ReceivedMessage.QueuedAt"/>).
/// </summary>
internal sealed record MessageJson(
    string From,
    string To,
    string Text,
    DateTimeOffset SentAt,
    string MessageId,
    string SenderFingerprint,
    DateTimeOffset? QueuedAt)
{
    public static MessageJson Of(ReceivedMessage message) => new(
        message.From,
        message.To,
        message.Text,
        message.SentAt.ToUniversalTime(),
        message.MessageId,
        message.SenderFingerprint,
        message.QueuedAt?.ToUniversalTime());
}
