using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Parley.Client.Connection;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// A sender that stops waiting while its frame is part-way onto the socket, against a peer on
/// 127.0.0.1 that reads nothing until told to. 8 MiB is more than the two sockets can buffer
/// (4 MiB of send buffer at most here), so such a send cannot finish while the peer is not reading.
/// </summary>
public sealed class CancelledSendTests : IAsyncLifetime
{
    private const int BigPayloadBytes = 8 * 1024 * 1024;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    private Wire? _wire;

    private FrameConnection Connection => _wire!.Connection;

    private NetworkStream Peer => _wire!.Peer;

    public async Task InitializeAsync()
    {
        _wire = await Wire.OpenAsync(s_bound);
        Connection.MaxOutgoingFrameBytes = 2 * BigPayloadBytes;
    }

    public async Task DisposeAsync()
    {
        if (_wire is not null)
        {
            await _wire.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_send_cancelled_part_way_out_leaves_whole_frames_for_the_sends_after_it()
    {
        var bodyLength = await CancelABigSendPartWayOutAsync();

        var after = Connection.SendAsync(Frame(2, 1000), CancellationToken.None);

        // The cancelled frame still arrives whole, and the next one right after it.
        AssertFrame(1, BigPayloadBytes, await ReadExactlyAsync(bodyLength));
        AssertFrame(2, 1000, await ReadExactlyAsync(await ReadLengthAsync()));
        await after.WaitAsync(s_bound);
    }

    [Fact]
    public async Task Closing_while_a_cancelled_send_is_stuck_does_not_wait_for_a_peer_that_reads_nothing()
    {
        var bodyLength = await CancelABigSendPartWayOutAsync();

        await Connection.DisposeAsync().AsTask().WaitAsync(s_bound);

        // What the sockets held still arrives, then the end of the stream: the rest of the frame was dropped.
        var received = await CountToEndAsync();
        Assert.True(received < bodyLength, $"{received} bytes after the length prefix of a {bodyLength}-byte body");
    }

    [Fact]
    public async Task Closing_after_the_peer_dropped_a_half_sent_frame_does_not_throw()
    {
        await CancelABigSendPartWayOutAsync();
        Peer.Socket.LingerState = new LingerOption(true, 0);
        Peer.Socket.Close();

        await Connection.DisposeAsync().AsTask().WaitAsync(s_bound);

        var later = await Assert.ThrowsAsync<ParleyException>(() => Connection.SendAsync(Frame(3, 10), CancellationToken.None));
        Assert.Equal(ParleyErrorKind.Disconnected, later.Kind);
    }

    /// <summary>Starts sending an 8 MiB frame, waits until its first bytes reach the peer, then cancels the sender.</summary>
    /// <returns>The frame's body length, read from its prefix.</returns>
    private async Task<int> CancelABigSendPartWayOutAsync()
    {
        using var cancel = new CancellationTokenSource();
        var sending = Connection.SendAsync(Frame(1, BigPayloadBytes), cancel.Token);
        var bodyLength = await ReadLengthAsync();
        Assert.False(sending.IsCompleted, "the big send was expected to be stuck on the full socket");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(s_bound));
        return bodyLength;
    }

    private static ClientFrame Frame(byte id, int payloadBytes)
    {
        var payload = new byte[payloadBytes];
        Array.Fill(payload, id);
        return new ClientFrame { Send = new SendMessage { RequestId = id, To = "peer", Sealed = ByteString.CopyFrom(payload) } };
    }

    private static void AssertFrame(byte id, int payloadBytes, byte[] body)
    {
        var frame = ClientFrame.Parser.ParseFrom(body);
        Assert.Equal(ClientFrame.BodyOneofCase.Send, frame.BodyCase);
        Assert.Equal(id, frame.Send.RequestId);
        Assert.Equal(payloadBytes, frame.Send.Sealed.Length);
        var foreign = frame.Send.Sealed.Span.IndexOfAnyExcept(id);
        Assert.True(foreign < 0, $"frame {id}: byte {foreign} of its payload is not from this frame");
    }

    private async Task<int> ReadLengthAsync()
    {
        var prefix = await ReadExactlyAsync(ProtocolConstants.LengthPrefixBytes);
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        Assert.InRange(length, 1u, (uint)(2 * BigPayloadBytes));
        return (int)length;
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(s_bound);
        await Peer.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    private async Task<long> CountToEndAsync()
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        using var timeout = new CancellationTokenSource(s_bound);
        int read;
        while ((read = await Peer.ReadAsync(buffer, timeout.Token)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>A client connection and the peer's end of it, on 127.0.0.1.</summary>
    private sealed class Wire(TcpListener listener, FrameConnection connection, NetworkStream peer) : IAsyncDisposable
    {
        public FrameConnection Connection => connection;

        public NetworkStream Peer => peer;

        public static async Task<Wire> OpenAsync(TimeSpan bound)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            using var timeout = new CancellationTokenSource(bound);
            var accepting = listener.AcceptSocketAsync(timeout.Token);
            var address = new ServerAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
            var plainTcp = new ServerTrust(new Storage.KnownServers(Path.GetTempPath()), address, givenFingerprint: null, insecure: true, onPinned: null);
            var connection = await FrameConnection.ConnectAsync(address, plainTcp, readBytesPerSecond: null, timeout.Token);
            return new Wire(listener, connection, new NetworkStream(await accepting, ownsSocket: true));
        }

        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            await peer.DisposeAsync();
            listener.Dispose();
        }
    }
}
