using Parley.Client.Connection;
using Parley.Protocol.Messages;

namespace Parley.Client.Messaging;

/// <summary>
/// Acknowledges deliveries from the server's offline queue (docs/protocol.md §12.2): one cumulative AckQueued per burst,
/// sent once its messages were raised to the consumer or refused, so a message that will never open does not hold the
/// queue for ever. A queued delivery this client dropped unopened (its intake was full) is never acknowledged, nor is any
/// after it, so the server hands it over again at the next login.
/// </summary>
internal sealed class QueuedAcknowledgements(LiveConnection connection)
{
    private readonly Lock _gate = new();
    private ulong _handled;
    private ulong _acknowledged;
    private ulong _firstDropped;

    /// <summary>On the read loop: <paramref name="delivery"/> could not be taken in.</summary>
    public void Dropped(Delivery delivery)
    {
        lock (_gate)
        {
            if (delivery.QueueSeq != 0 && (_firstDropped == 0 || delivery.QueueSeq < _firstDropped))
            {
                _firstDropped = delivery.QueueSeq;
            }
        }
    }

    /// <summary>On the read loop, as a delivery is taken in: a queued one numbered at or below the first dropped one means a new login handed the backlog over again.</summary>
    public void Arrived(Delivery delivery)
    {
        lock (_gate)
        {
            if (delivery.QueueSeq != 0 && _firstDropped != 0 && delivery.QueueSeq <= _firstDropped)
            {
                _firstDropped = 0;
            }
        }
    }

    /// <summary>The delivery was raised to the consumer or refused.</summary>
    public void Handled(Delivery delivery)
    {
        lock (_gate)
        {
            _handled = Math.Max(_handled, delivery.QueueSeq);
        }
    }

    /// <summary>Sends one AckQueued for what was handled since the last; a lost connection leaves it to the next login.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        ulong upTo;
        lock (_gate)
        {
            upTo = _firstDropped == 0 ? _handled : Math.Min(_handled, _firstDropped - 1);
            if (upTo <= _acknowledged)
            {
                return;
            }

            _acknowledged = upTo;
        }

        try
        {
            await connection.SendAsync(new ClientFrame { AckQueued = new AckQueued { UpTo = upTo } }, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ParleyException or OperationCanceledException or IOException)
        {
            // Not acknowledged: the server hands these over again at the next login that takes the queue.
        }
    }
}
