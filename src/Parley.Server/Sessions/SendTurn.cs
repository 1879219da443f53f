namespace Parley.Server.Sessions;

/// <summary>
/// What a connection's sends did during one read turn (the frames parsed from one read of the transport's input),
/// owned by its read loop: the highest send request id seen (ids must increase, docs/protocol.md §12.3), the highest
/// plainly delivered one not yet acknowledged, and the outboxes given frames without a wake. When the transport ends
/// the turn, <see cref="End"/> queues one SendAcks for everything delivered and wakes each outbox once, so a turn's
/// deliveries never wait past its end. Made at the connection's first send, so idle connections pay nothing.
/// </summary>
internal sealed class SendTurn
{
    private readonly List<Outbox> _toWake = [];
    private ulong _ackUpTo;
    private long _relayed;
    private long _relayedBytes;

    /// <summary>The name this connection last sent to, so the next send to it reuses the string (<see cref="Parley.Protocol.Wire.SendFrameReader"/>).</summary>
    public string? LastTo { get; set; }

    /// <summary>The highest send request id this connection has used; 0 before its first send.</summary>
    public ulong LastRequestId { get; private set; }

    /// <summary>Takes <paramref name="requestId"/> as the connection's latest send; false when it is not above the last one.</summary>
    public bool TryAccept(ulong requestId)
    {
        if (requestId <= LastRequestId)
        {
            return false;
        }

        LastRequestId = requestId;
        return true;
    }

    /// <summary>The send <paramref name="requestId"/> was delivered and gets no SendResult: the turn's SendAcks covers it.</summary>
    /// <param name="sealedBytes">Its sealed size, for the relay metrics, which are counted once per turn.</param>
    public void Delivered(ulong requestId, int sealedBytes)
    {
        _ackUpTo = requestId;
        _relayed++;
        _relayedBytes += sealedBytes;
    }

    /// <summary><paramref name="outbox"/> was given a frame without a wake: it is woken when the turn ends.</summary>
    public void WakeAtEnd(Outbox outbox)
    {
        // Most turns feed one recipient over and over: keep the list short without a set.
        if (_toWake.Count == 0 || !ReferenceEquals(_toWake[^1], outbox))
        {
            _toWake.Add(outbox);
        }
    }

    /// <summary>Queues the turn's SendAcks on <paramref name="sender"/> (after every SendResult of the turn) and wakes every outbox fed.</summary>
    public void End(ClientSession sender)
    {
        if (_ackUpTo != 0)
        {
            sender.SendOrDrop(QueuedFrame.SendAcks(_ackUpTo), wake: false);
            WakeAtEnd(sender.Outbox);
            _ackUpTo = 0;
        }

        if (_relayed != 0)
        {
            sender.Outbox.ReportRelayed(_relayed, _relayedBytes);
            _relayed = 0;
            _relayedBytes = 0;
        }

        foreach (var outbox in _toWake)
        {
            outbox.Wake();
        }

        _toWake.Clear();
    }
}
