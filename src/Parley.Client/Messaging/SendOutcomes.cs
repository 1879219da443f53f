using Parley.Protocol.Messages;

namespace Parley.Client.Messaging;

/// <summary>The server's <see cref="SendResult"/> as a <see cref="SendOutcome"/>.</summary>
internal static class SendOutcomes
{
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
