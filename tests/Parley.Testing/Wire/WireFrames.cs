using System.Buffers;
using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Testing;

/// <summary>Frames a hand-written server sends, and the frames of recorded bytes.</summary>
public static class WireFrames
{
    /// <summary>The Welcome a real server would send, with a fresh challenge.</summary>
    public static Welcome Welcome(string serverSoftware) => new()
    {
        ProtocolVersion = ProtocolConstants.Version,
        ServerSoftware = serverSoftware,
        Challenge = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(ProtocolConstants.ChallengeBytes)),
        MaxFrameBytes = ProtocolConstants.DefaultMaxFrameBytes,
        LoginTimeoutMs = 10_000,
    };

    /// <summary>Accepts <paramref name="login"/> as it is (its signature unchecked).</summary>
    public static ServerFrame LoginAccepted(Login login) => new()
    {
        LoginAccepted = new LoginAccepted { Name = login.Name, Fingerprint = KeyFingerprint.Format(login.PublicKey.Span), OnlineCount = 1 },
    };

    /// <summary>The whole roster in one page.</summary>
    public static ServerFrame RosterPage(IEnumerable<Peer> roster)
    {
        var page = new RosterPage { Last = true };
        page.Peers.AddRange(roster);
        return new ServerFrame { RosterPage = page };
    }

    /// <summary>An online roster entry for <paramref name="name"/> with <paramref name="key"/>.</summary>
    public static Peer PeerOf(string name, Identity key) =>
        new() { Name = name, PublicKey = ByteString.CopyFrom(key.PublicKey.Spki), Fingerprint = key.Fingerprint, Online = true };

    /// <summary>Splits the bytes one client connection sent (preamble, then frames) into frames.</summary>
    public static List<ClientFrame> ClientFrames(byte[] oneConnection)
    {
        Assert.True(oneConnection.AsSpan().StartsWith(ProtocolConstants.Preamble), "a client connection starts with PRLY");
        var buffer = new ReadOnlySequence<byte>(oneConnection, ProtocolConstants.Preamble.Length, oneConnection.Length - ProtocolConstants.Preamble.Length);
        var frames = new List<ClientFrame>();
        while (FrameCodec.TryReadFrame(ref buffer, int.MaxValue, out var body))
        {
            frames.Add(FrameCodec.ParseClientFrame(body));
        }

        Assert.True(buffer.IsEmpty, "the recorded bytes end on a frame boundary");
        return frames;
    }
}
