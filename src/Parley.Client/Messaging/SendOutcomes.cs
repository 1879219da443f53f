using Parley.Protocol.Messages;

namespace Parley.Client.Messaging;

/// <summary>The server's answer to a send (its <see cref="SendResult"/>, or the <see cref="SendAcks"/> that covered it) as a <see cref="SendOutcome"/>.</summary>
internal static class SendOutcomes
{
    /// <summary>Protocol v3 acknowledges a plain delivery in a SendAcks, which does not say to how many connections.</summary>
    public const string DeliveredDetail = "delivered (queued on at least one of the recipient's connections)";

    /// <param name="answer">A SendResult or a SendAcks; <see cref="Connection.PendingRequests"/> let no other kind through.</param>
    public static SendOutcome Of(string to, ServerFrame answer) => answer.BodyCase == ServerFrame.BodyOneofCase.SendAcks
        ? new SendOutcome(to, SendStatus.Delivered, DeliveredDetail)
        : Of(to, answer.SendResult);

    public static SendOutcome Of(string to, SendResult result) => result.Code switch
    {
        ErrorCode.Ok when result.Queued => new SendOutcome(to, SendStatus.Queued, $"{to} is offline; the server stored the message for their next login"),
        ErrorCode.Ok => new SendOutcome(to, SendStatus.Delivered, result.DeliveredConnections == 1
            ? "delivered to 1 connection"
            : $"delivered to {result.DeliveredConnections} connections"),
        ErrorCode.UnknownRecipient => new SendOutcome(to, SendStatus.UnknownRecipient, Detail(result, $"no one is registered as '{to}'")),
        ErrorCode.RecipientOffline => new SendOutcome(to, SendStatus.RecipientOffline, Detail(result, $"{to} is offline")),
        ErrorCode.QueueFull => new SendOutcome(to, SendStatus.QueueFull, Detail(result, $"{to} is offline and their queue on the server is full")),
        ErrorCode.KeyChanged => new SendOutcome(to, SendStatus.KeyChanged, Detail(result, $"{to}'s key changed; nothing was delivered")),
        ErrorCode.RecipientBusy => new SendOutcome(to, SendStatus.RecipientBusy, Detail(result, $"{to} is not keeping up; try again")),
        _ => new SendOutcome(to, SendStatus.Refused, Detail(result, "the server refused the message")),
    };

    private static string Detail(SendResult result, string fallback) =>
        string.IsNullOrWhiteSpace(result.Message) ? fallback : result.Message;
}
