using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Parley.Client;

/// <summary><see cref="ParleyClient.Events"/>: the event queue's reader, telling <see cref="ClientEvents"/> which events the application took.</summary>
internal sealed class TakenEventsReader(ChannelReader<ClientEvent> inner, Action<ClientEvent> taken) : ChannelReader<ClientEvent>
{
    public override Task Completion => inner.Completion;

    public override bool CanCount => inner.CanCount;

    public override int Count => inner.Count;

    public override bool CanPeek => inner.CanPeek;

    public override bool TryPeek([MaybeNullWhen(false)] out ClientEvent item) => inner.TryPeek(out item);

    public override bool TryRead([MaybeNullWhen(false)] out ClientEvent item)
    {
        if (!inner.TryRead(out item))
        {
            return false;
        }

        taken(item);
        return true;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
}
