using Parley.Client;

namespace Parley.Cli.Output;

/// <summary>The line for a delivery receipt: "[14:02:11] bob opened your message". Raw: the sink makes it safe.</summary>
internal static class ReceiptText
{
    public static string Of(DeliveryReceiptEvent receipt) => receipt.MessageIds.Count == 1
        ? $"{MessageLine.Time(receipt.SentAt)} {receipt.From} opened your message"
        : $"{MessageLine.Time(receipt.SentAt)} {receipt.From} opened your {receipt.MessageIds.Count} messages";
}
