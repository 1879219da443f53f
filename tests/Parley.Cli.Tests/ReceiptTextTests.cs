using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Tests;

/// <summary>The receipt line names what was opened: previews of what this chat sent, short ids of the rest.</summary>
public class ReceiptTextTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 14, 2, 11, TimeSpan.Zero);

    [Fact]
    public void Several_messages_are_listed_by_preview_or_short_id_up_to_three_and_counted_past_that()
    {
        var sent = new SentMessages();
        sent.Remember(new SendOutcome("bob", SendStatus.Delivered, "") { MessageId = "aaaa0000aaaa0000" }, "first line\nsecond line of a long message", At);
        var receipt = new DeliveryReceiptEvent("bob", ["aaaa0000aaaa0000", "1234567890abcdef", "ffff", "eeee"], At);

        var line = ReceiptText.Of(receipt, sent);

        Assert.EndsWith(
            $" bob opened your 4 messages: \"first line second line …\" (sent {MessageLine.Time(At)}), #12345678, #ffff and 1 more",
            line,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_oldest_sent_messages_are_forgotten_past_the_bound()
    {
        var sent = new SentMessages();
        for (var i = 0; i <= SentMessages.Capacity; i++)
        {
            sent.Remember(new SendOutcome("bob", SendStatus.Delivered, "") { MessageId = $"{i:x16}" }, $"text {i}", At);
        }

        Assert.False(sent.TryGet($"{0:x16}", "bob", out _, out _));
        Assert.True(sent.TryGet($"{SentMessages.Capacity:x16}", "bob", out var text, out _));
        Assert.Equal($"text {SentMessages.Capacity}", text);
    }

    [Fact]
    public void A_receipt_from_another_name_than_the_message_went_to_shows_only_the_short_id()
    {
        var sent = new SentMessages();
        sent.Remember(new SendOutcome("carol", SendStatus.Delivered, "") { MessageId = "cccc0000cccc0000" }, "for carol only", At);

        Assert.EndsWith(" mallory opened your message #cccc0000", ReceiptText.Of(new DeliveryReceiptEvent("mallory", ["cccc0000cccc0000"], At), sent), StringComparison.Ordinal);
        Assert.Contains("\"for carol only\"", ReceiptText.Of(new DeliveryReceiptEvent("Carol", ["cccc0000cccc0000"], At), sent), StringComparison.Ordinal);
    }

    [Fact]
    public void A_preview_never_ends_in_half_a_surrogate_pair()
    {
        var text = new string('a', ReceiptText.PreviewLength - 2) + "😀😀";

        var preview = ReceiptText.Preview(text);

        Assert.Equal("\"" + new string('a', ReceiptText.PreviewLength - 2) + "…\"", preview);
    }
}
