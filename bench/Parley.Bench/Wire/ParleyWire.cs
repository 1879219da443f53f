using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Bench.Wire;

/// <summary>
/// One client connection speaking the Parley wire protocol directly (docs/protocol.md): preamble,
/// hello, a real RSA-PSS login, then frames through pipes. The bench uses this instead of
/// Parley.Client so that what it measures is the server, with a client as lean as it can be.
/// </summary>
internal sealed class ParleyWire : IAsyncDisposable
{
    public const string ClientSoftware = "parley-bench/0.1";

    // Clients should accept server frames up to 16 MiB (docs/protocol.md §2).
    public const int MaxServerFrameBytes = 16 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly byte[] _channelBinding;

    private ParleyWire(Socket socket, Stream stream, byte[] channelBinding, int bufferBytes)
    {
        _socket = socket;
        _stream = stream;
        _channelBinding = channelBinding;
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: bufferBytes, minimumReadSize: bufferBytes / 4));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: bufferBytes));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>For a client that does its own blocking I/O on a thread of its own (once nothing is left unread in <see cref="Input"/>).</summary>
    public Socket Socket => _socket;

    /// <summary>The connection's byte stream (TLS, or plain TCP with --insecure), for a client that does its own blocking I/O on a thread of its own (as <see cref="Socket"/>).</summary>
    public Stream Stream => _stream;

    /// <param name="insecure">Plain TCP, for a server started with --insecure; the login then binds to no channel.</param>
    public static async Task<ParleyWire> ConnectAsync(IPEndPoint server, IPAddress source, int bufferBytes, CancellationToken ct, bool insecure = false)
    {
        var socket = await LoopbackSocket.ConnectAsync(server, source, ct);
        if (insecure)
        {
            return new ParleyWire(socket, new NetworkStream(socket, ownsSocket: true), [], bufferBytes);
        }

        // TLS 1.3 as every client speaks it; the bench's own server on loopback is trusted without a pin.
#pragma warning disable CA5359 // deliberately any certificate: a raw test/bench peer, not the product client, which pins
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, (_, _, _, _) => true);
#pragma warning restore CA5359
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls13 }, ct);
            using var certificate = new X509Certificate2(tls.RemoteCertificate!);
            return new ParleyWire(socket, tls, TlsServerEndPoint.Of(certificate), bufferBytes);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    /// <summary>Preamble, hello, login; returns when the server accepted the login.</summary>
    /// <exception cref="ParleyServerException">The server refused.</exception>
    public async Task<LoginAccepted> LoginAsync(string name, Identity identity, bool presence, CancellationToken ct)
    {
        Output.Write(ProtocolConstants.Preamble);
        FrameCodec.WriteFrame(Output, new ClientFrame
        {
            Hello = new Hello { ProtocolVersion = ProtocolConstants.Version, ClientSoftware = ClientSoftware },
        });
        await Output.FlushAsync(ct);

        var welcome = Expect(await ReadFrameAsync(ct), ServerFrame.BodyOneofCase.Welcome).Welcome;
        var spki = identity.PublicKey.Spki;
        var signature = identity.Sign(LoginTranscript.Build(welcome.Challenge.Span, _channelBinding, name, spki));
        FrameCodec.WriteFrame(Output, new ClientFrame
        {
            Login = new Login
            {
                Name = name,
                PublicKey = Google.Protobuf.ByteString.CopyFrom(spki),
                Signature = Google.Protobuf.ByteString.CopyFrom(signature),
                Presence = presence,
            },
        });
        await Output.FlushAsync(ct);
        return Expect(await ReadFrameAsync(ct), ServerFrame.BodyOneofCase.LoginAccepted).LoginAccepted;
    }

    /// <summary>Says goodbye and waits until the server has closed the connection (docs/protocol.md §3.5).</summary>
    public async Task GoodbyeAsync(CancellationToken ct)
    {
        FrameCodec.WriteFrame(Output, new ClientFrame { Goodbye = new Goodbye() });
        await Output.FlushAsync(ct);
        while (true)
        {
            var result = await Input.ReadAsync(ct);
            Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Reads one whole frame. Not for hot paths: the relay loops read batches themselves.</summary>
    public async Task<ServerFrame> ReadFrameAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await Input.ReadAsync(ct);
            var buffer = result.Buffer;
            if (FrameCodec.TryReadFrame(ref buffer, MaxServerFrameBytes, out var body))
            {
                var frame = FrameCodec.ParseServerFrame(body);
                Input.AdvanceTo(buffer.Start);
                return frame;
            }

            Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException("the server closed the connection");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }

        await _stream.DisposeAsync();
    }

    private static ServerFrame Expect(ServerFrame frame, ServerFrame.BodyOneofCase expected)
    {
        if (frame.BodyCase == ServerFrame.BodyOneofCase.Error)
        {
            throw new ParleyServerException(frame.Error.Code, frame.Error.Message);
        }

        return frame.BodyCase == expected
            ? frame
            : throw new ParleyServerException(ErrorCode.UnexpectedFrame, $"expected {expected}, got {frame.BodyCase}");
    }
}
