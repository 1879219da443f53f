using Parley.Client.Connection;
using Parley.Protocol.Messages;

namespace Parley.Client.Messaging;

/// <summary>
/// Acknowledges deliveries from the server's offline queue (docs/protocol.md §12.2) once the application has taken their
/// event (a message, or the refusal of one that will never open) from <see cref="ParleyClient.Events"/>: one cumulative
/// AckQueued per burst, sent off the application's thread. A queued delivery this client dropped unread (its intake or
/// its event queue was full) is never acknowledged, nor is any after it, so the server hands it over again at the next login.
/// </summary>
internal sealed class QueuedAcknowledgements(LiveConnection connection)
{
    private readonly Lock _gate = new();
    private ulong _taken;
    private ulong _acknowledged;
    private ulong _firstDropped;
    private Task _sending = Task.CompletedTask;
    private bool _sendScheduled;

    /// <summary>A queued delivery (<paramref name="queueSeq"/>) will never reach the application on this connection.</summary>
    public void Dropped(ulong queueSeq)
    {
        lock (_gate)
        {
            if (queueSeq != 0 && (_firstDropped == 0 || queueSeq < _firstDropped))
            {
                _firstDropped = queueSeq;
            }
        }
    }

    /// <summary>On the read loop, as a delivery arrives: one numbered at or below the first dropped one means a new login handed the backlog over again.</summary>
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

    /// <summary>The application took the last event of queued delivery <paramref name="queueSeq"/>; an ack follows soon.</summary>
    public void Taken(ulong queueSeq)
    {
        lock (_gate)
        {
            _taken = Math.Max(_taken, queueSeq);
            if (_sendScheduled)
            {
                return; // the send under way looks again when it is done: a burst costs one or two acks
            }

            _sendScheduled = true;
            _sending = Task.Run(SendWhileNewAsync);
        }
    }

    /// <summary>Before goodbye: sends what was taken and not yet acknowledged, and waits for any ack under way.</summary>
    public async Task FlushAsync()
    {
        Task sending;
        lock (_gate)
        {
            sending = _sending;
        }

        await sending.ConfigureAwait(false);
        await SendWhileNewAsync().ConfigureAwait(false);
    }

    private async Task SendWhileNewAsync()
    {
        while (true)
        {
            ulong upTo;
            ulong before;
            lock (_gate)
            {
                upTo = _firstDropped == 0 ? _taken : Math.Min(_taken, _firstDropped - 1);
                if (upTo <= _acknowledged)
                {
                    _sendScheduled = false;
                    return;
                }

                before = _acknowledged;
                _acknowledged = upTo;
            }

            try
            {
                await connection.SendAsync(new ClientFrame { AckQueued = new AckQueued { UpTo = upTo } }, connection.Lifetime).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ParleyException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // Not acknowledged: the server hands these over again at the next login, where taking them sends the ack again.
                lock (_gate)
                {
                    _acknowledged = Math.Min(_acknowledged, before);
                    _sendScheduled = false;
                }

                return;
            }
        }
    }
}
