using System.Buffers;
using Parley.Server.Sessions;

namespace Parley.Server.Tests;

public sealed class OutboxDiscardTests
{
    [Fact]
    public void Frames_never_written_are_let_go_once_the_outbox_is_closed_and_drained()
    {
        var outbox = new Outbox(capacity: 8, maxQueuedBytes: 1 << 20);
        var written = new HeldFrame();
        var unwritten = new[] { new HeldFrame(), new HeldFrame() };
        Assert.Equal(EnqueueResult.Queued, outbox.TryEnqueue(QueuedFrame.Of(written, 1), checkBytes: true));
        foreach (var frame in unwritten)
        {
            Assert.Equal(EnqueueResult.Queued, outbox.TryEnqueue(QueuedFrame.Of(frame, 1), checkBytes: true));
        }

        // The writer took one frame, then its peer went away; the connection ends with the rest still queued.
        Assert.True(outbox.TryTake(out var taken));
        taken.WriteTo(new ArrayBufferWriter<byte>());
        outbox.Close(finalFrame: null, discardQueued: true);
        outbox.DiscardRemaining();

        Assert.Equal((1, 0), (written.Writes, written.Discards));
        Assert.All(unwritten, frame => Assert.Equal((0, 1), (frame.Writes, frame.Discards)));
        Assert.Equal(EnqueueResult.Closed, outbox.TryEnqueue(QueuedFrame.Of(new HeldFrame(), 1), checkBytes: true));
    }

    private sealed class HeldFrame : IOutboundFrame
    {
        public int Writes { get; private set; }

        public int Discards { get; private set; }

        public void WriteTo(IBufferWriter<byte> output) => Writes++;

        public void Discard() => Discards++;
    }
}
