using System.IO.Pipelines;
using Parley.Server.Metrics;
using Parley.Server.Sessions;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// Drains a session's <see cref="Outbox"/> into the connection's output pipe: everything queued is written,
/// then flushed once, so a burst costs one socket write instead of one per frame. A flush that waits for the
/// peer to take bytes is reported to the outbox, whose write deadline ends a connection that never does.
/// </summary>
internal static class OutboxWriter
{
    // Flush early inside a long burst so a batch does not grow without bound in the pipe.
    private const int FlushThresholdBytes = 256 * 1024;

    /// <summary>Runs until the outbox is closed and drained, or the peer stops accepting bytes.</summary>
    /// <param name="metrics">Counts the refusals among the frames written (<see cref="ServerMetrics.FrameSent"/>).</param>
    public static async Task RunAsync(Outbox outbox, PipeWriter output, TimeSpan finalFlushTimeout, ServerMetrics metrics)
    {
        var open = true;
        while (open && await outbox.WaitToReadAsync())
        {
            while (open && outbox.TryTake(out var item))
            {
                item.WriteTo(output);
                if (item.Message is { } message)
                {
                    metrics.FrameSent(message);
                }

                if (output.CanGetUnflushedBytes && output.UnflushedBytes >= FlushThresholdBytes)
                {
                    open = await FlushAsync(outbox, output);
                }
            }

            open = open && !outbox.IsDiscarding && await FlushAsync(outbox, output);
        }

        if (outbox.IsDiscarding)
        {
            // A slow consumer: what it never took goes back now, not when the connection is finally torn down.
            outbox.DiscardRemaining();
        }

        if (outbox.FinalFrame is { } final)
        {
            QueuedFrame.Of(final).WriteTo(output);
            metrics.FrameSent(final);
            using var timeout = new CancellationTokenSource(finalFlushTimeout);
            await output.FlushAsync(timeout.Token);
        }
    }

    /// <returns>False when the peer is gone or the flush was cancelled to close the connection.</returns>
    private static async ValueTask<bool> FlushAsync(Outbox outbox, PipeWriter output)
    {
        var flush = output.FlushAsync();
        FlushResult result;
        if (flush.IsCompleted)
        {
            result = flush.Result;
        }
        else
        {
            outbox.WriteBlocked();
            try
            {
                result = await flush;
            }
            finally
            {
                outbox.WriteResumed();
            }
        }

        return !result.IsCompleted && !result.IsCanceled;
    }
}
