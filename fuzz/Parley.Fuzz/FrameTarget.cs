using System.Buffers;
using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Fuzz;

/// <summary>
/// Everything that reads frames off the network: the length framing, both generated parsers as the server
/// and the client run them, and the hand-laid readers (<see cref="SendFrameReader"/> on the server,
/// <see cref="SegmentChunkFrameReader"/> on the client), each checked against the generated parser.
/// </summary>
internal sealed class FrameTarget : IFuzzTarget
{
    public void Run(ReadOnlySpan<byte> input)
    {
        var buffer = new ReadOnlySequence<byte>(input.ToArray());
        while (true)
        {
            ReadOnlySequence<byte> body;
            try
            {
                if (!FrameCodec.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out body))
                {
                    return;
                }
            }
            catch (ProtocolViolationException)
            {
                return;
            }

            ReadBody(body);
        }
    }

    private static void ReadBody(in ReadOnlySequence<byte> body)
    {
        var client = TryParse(body, static b => FrameCodec.ParseClientFrame(b));
        TryParse(body, static b => FrameCodec.ParseServerFrame(b));

        if (SendFrameReader.TryRead(body, out var send))
        {
            var generated = client ?? throw new FuzzFinding("SendFrameReader accepted a body the generated parser refuses");
            if (generated.BodyCase != ClientFrame.BodyOneofCase.Send
                || generated.Send.RequestId != send.RequestId
                || generated.Send.To != send.To
                || !generated.Send.Sealed.Span.SequenceEqual(send.Sealed.ToArray())
                || !generated.Send.RecipientKeyId.IsEmpty)
            {
                throw new FuzzFinding($"SendFrameReader read {send} where the generated parser read {generated}");
            }
        }

        foreach (var pooled in new[] { false, true })
        {
            if (SegmentChunkFrameReader.TryRead(body, pooled, out var chunk))
            {
                ServerFrame generated;
                try
                {
                    generated = ServerFrame.Parser.ParseFrom(body);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new FuzzFinding("SegmentChunkFrameReader accepted a body the generated parser refuses: " + ex.Message);
                }

                if (!generated.Equals(chunk))
                {
                    throw new FuzzFinding($"SegmentChunkFrameReader read {chunk} where the generated parser read {generated}");
                }

                PooledBytes.Return(chunk.SegmentChunk.Data);
            }
        }
    }

    private static T? TryParse<T>(ReadOnlySequence<byte> body, Func<ReadOnlySequence<byte>, T> parse)
        where T : class
    {
        try
        {
            return parse(body);
        }
        catch (ProtocolViolationException)
        {
            return null;
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        yield return ("hello", FrameCodec.ToFrameBytes(new ClientFrame { Hello = new Hello { ProtocolVersion = 1, ClientSoftware = "fuzz" } }));
        yield return ("send", FrameCodec.ToFrameBytes(new ClientFrame
        {
            Send = new SendMessage { RequestId = 7, To = "bob", Sealed = ByteString.CopyFrom(1, 2, 3, 4) },
        }));
        yield return ("fetch", FrameCodec.ToFrameBytes(new ClientFrame
        {
            FetchSegment = new FetchSegment { RequestId = 9, Video = "sample", Height = 360, Index = 2, Offset = 4096, MaxBytes = 65536 },
        }));
        yield return ("delivery", DeliveryFrame.Encode("alice", new ReadOnlySequence<byte>(new byte[] { 5, 6, 7 })));
        var chunk = new byte[64];
        var written = SegmentChunkFrame.Write(chunk, 3, 100, 200, new byte[] { 9, 9, 9 }, last: true);
        yield return ("chunk", chunk[..written]);
        yield return ("roster", FrameCodec.ToFrameBytes(new ServerFrame
        {
            RosterPage = new RosterPage { Last = true, Peers = { new Peer { Name = "carol", Online = true, Fingerprint = "SHA256:x" } } },
        }));
        yield return ("error", FrameCodec.ToFrameBytes(new ServerFrame
        {
            Error = new Error { Code = ErrorCode.ServerBusy, Message = "busy", Fatal = true, RetryAfterMs = 500 },
        }));
    }
}
