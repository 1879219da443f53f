using System.Threading.Channels;

namespace Parley.Client;

/// <summary>
/// The bounded queue behind <see cref="ParleyClient.Events"/>. Policy: when <see cref="Capacity"/> events
/// wait unread, the oldest is dropped to make room and counted in <see cref="Dropped"/>; writing never
/// waits, because the read loop writes here and must keep answering the requests the application may
/// be waiting for. <see cref="DisconnectedEvent"/> is always the last event, then the queue completes.
/// </summary>
internal sealed class ClientEvents
{
    public const int Capacity = 8192;

    private readonly Channel<ClientEvent> _channel;
    private long _dropped;

    public ClientEvents()
    {
        _channel = Channel.CreateBounded<ClientEvent>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = false },
            dropped =>
            {
                Interlocked.Increment(ref _dropped);
                if (dropped.QueueSeq != 0)
                {
                    OnQueuedDropped?.Invoke(dropped.QueueSeq);
                }

                if (dropped.Opened is { } opened)
                {
                    OnOpenedDropped?.Invoke(opened);
                }
            });
        Reader = new TakenEventsReader(_channel.Reader, taken =>
        {
            if (taken.Opened is { } opened)
            {
                OnOpenedTaken?.Invoke(opened);
            }

            if (taken.QueueSeq != 0)
            {
                OnQueuedTaken?.Invoke(taken.QueueSeq);
            }
        });
    }

    public ChannelReader<ClientEvent> Reader { get; }

    /// <summary>The application took the last event of a delivery from the offline queue (its queue_seq); set once, before the connection starts.</summary>
    public Action<ulong>? OnQueuedTaken { get; set; }

    /// <summary>Such an event was dropped unread to make room.</summary>
    public Action<ulong>? OnQueuedDropped { get; set; }

    /// <summary>The application took the last event of a session message this home opened; set once, before the connection starts.</summary>
    public Action<Storage.OpenedMessageKey>? OnOpenedTaken { get; set; }

    /// <summary>Such an event was dropped unread to make room.</summary>
    public Action<Storage.OpenedMessageKey>? OnOpenedDropped { get; set; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Emit(ClientEvent e) => _channel.Writer.TryWrite(e);

    /// <summary>The last event; nothing is written after it.</summary>
    public void Complete(DisconnectedEvent last)
    {
        _channel.Writer.TryWrite(last);
        _channel.Writer.TryComplete();
    }
}
