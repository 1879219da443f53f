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
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<ClientEvent> Reader => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Emit(ClientEvent e) => _channel.Writer.TryWrite(e);

    /// <summary>The last event; nothing is written after it.</summary>
    public void Complete(DisconnectedEvent last)
    {
        _channel.Writer.TryWrite(last);
        _channel.Writer.TryComplete();
    }
}
