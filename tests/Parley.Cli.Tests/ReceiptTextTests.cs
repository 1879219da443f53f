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

        Assert.False(sent.TryGet($"{0:x16}", out _, out _));
        Assert.True(sent.TryGet($"{SentMessages.Capacity:x16}", out var text, out _));
        Assert.Equal($"text {SentMessages.Capacity}", text);
    }
}
