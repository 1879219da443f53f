using System.Buffers.Binary;
using System.Security.Cryptography.X509Certificates;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Testing;

/// <summary>
/// A relay on 127.0.0.1 that reads the protocol's frames in both directions and lets a test
/// rewrite them, as a hostile front for the server could: over TLS it presents the server's own
/// certificate and key (<paramref name="serverCertificate"/>), so the client's pin and the login's channel
/// binding hold (a hostile network without the key is refused: see the TLS proof tests). Null relays plain
/// TCP, for a server and clients running insecure. The server behind it can be changed between
/// connections: the same address, another registry.
/// </summary>
public sealed class FrameProxy(int upstreamPort, X509Certificate2? serverCertificate) : TcpRelay(upstreamPort, serverCertificate)
{
    private const int MaxFrameBytes = 64 * 1024 * 1024;

    private readonly List<List<ClientFrame>> _forwarded = [];

    /// <summary>Applied to each frame a client sends before it is forwarded; null forwards as is.</summary>
    public Func<ClientFrame, ClientFrame>? ToServer { get; set; }

    /// <summary>Applied to each frame the server sends before it is forwarded; null forwards as is.</summary>
    public Func<ServerFrame, ServerFrame>? ToClient { get; set; }

    /// <summary>A rewrite that turns every lookup of <paramref name="asked"/> into one of <paramref name="instead"/>.</summary>
    public static Func<ClientFrame, ClientFrame> RedirectLookups(string asked, string instead) => frame =>
    {
        if (frame.BodyCase != ClientFrame.BodyOneofCase.Lookup || !string.Equals(frame.Lookup.Name, asked, StringComparison.OrdinalIgnoreCase))
        {
            return frame;
        }

        var redirected = frame.Clone();
        redirected.Lookup.Name = instead;
        return redirected;
    };

    /// <summary>The frames each client connection sent, as forwarded, in order of connecting.</summary>
    public List<List<ClientFrame>> ForwardedFromClients()
    {
        lock (Gate)
        {
            return [.. _forwarded.Select(frames => frames.ToList())];
        }
    }

    protected override IEnumerable<Task> Relay(RelayedSide client, RelayedSide server)
    {
        var forwarded = new List<ClientFrame>();
        _forwarded.Add(forwarded);
        return [PumpOrCloseAsync(client, server, (from, to) => PumpClientAsync(from, to, forwarded)),
            PumpOrCloseAsync(server, client, PumpServerAsync)];
    }

    private async Task PumpClientAsync(Stream source, Stream target, List<ClientFrame> forwarded)
    {
        var preamble = new byte[ProtocolConstants.Preamble.Length];
        await source.ReadExactlyAsync(preamble, Stopping);
        await target.WriteAsync(preamble, Stopping);
        while (await ReadFrameAsync(source) is { } body)
        {
            var frame = ClientFrame.Parser.ParseFrom(body);
            frame = ToServer?.Invoke(frame) ?? frame;
            lock (Gate)
            {
                forwarded.Add(frame);
            }

            await target.WriteAsync(FrameCodec.ToFrameBytes(frame), Stopping);
        }
    }

    private async Task PumpServerAsync(Stream source, Stream target)
    {
        while (await ReadFrameAsync(source) is { } body)
        {
            var frame = ServerFrame.Parser.ParseFrom(body);
            frame = ToClient?.Invoke(frame) ?? frame;
            await target.WriteAsync(FrameCodec.ToFrameBytes(frame), Stopping);
        }
    }

    /// <summary>One frame's body, or null at a clean end of the stream.</summary>
    private async Task<byte[]?> ReadFrameAsync(Stream source)
    {
        var prefix = new byte[ProtocolConstants.LengthPrefixBytes];
        if (await source.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, Stopping) < prefix.Length)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length > MaxFrameBytes)
        {
            throw new IOException($"a frame of {length} bytes");
        }

        var body = new byte[length];
        await source.ReadExactlyAsync(body, Stopping);
        return body;
    }
}
