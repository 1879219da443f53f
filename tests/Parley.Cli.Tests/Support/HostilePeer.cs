using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Cli.Tests.Support;

/// <summary>
/// A registered user who speaks the wire protocol by hand against a real server, so it can send
/// what `parley` never would: sealed messages whose sender or recipient field is any string at all.
/// </summary>
internal sealed class HostilePeer : IAsyncDisposable
{
    private readonly FrameStream _frames;
    private ulong _nextRequestId;

    private HostilePeer(FrameStream frames, string name, Identity identity)
    {
        _frames = frames;
        Name = name;
        Identity = identity;
    }

    public string Name { get; }

    public Identity Identity { get; }

    /// <summary>Registers <paramref name="name"/> with a new key on the server at 127.0.0.1:<paramref name="port"/> and logs in.</summary>
    public static async Task<HostilePeer> LoginAsync(int port, string name)
    {
        var identity = Identity.Generate();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Deadline.Default);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        var frames = new FrameStream(socket);
        await frames.SendBytesAsync(ProtocolConstants.Preamble.ToArray());
        await frames.SendAsync(new ClientFrame { Hello = new Hello { ProtocolVersion = ProtocolConstants.Version, ClientSoftware = "hostile-test-peer" } });
        var welcome = (await frames.ReadAsync(ServerFrame.Parser, timeout.Token))?.Welcome
            ?? throw new InvalidOperationException("no Welcome from the server");
        var spki = identity.PublicKey.Spki;
        await frames.SendAsync(new ClientFrame
        {
            Login = new Login
            {
                Name = name,
                PublicKey = ByteString.CopyFrom(spki),
                Signature = ByteString.CopyFrom(identity.Sign(LoginTranscript.Build(welcome.Challenge.Span, name, spki))),
            },
        });
        var answer = await frames.ReadAsync(ServerFrame.Parser, timeout.Token);
        if (answer?.BodyCase != ServerFrame.BodyOneofCase.LoginAccepted)
        {
            throw new InvalidOperationException($"the login of {name} was not accepted: {answer}");
        }

        return new HostilePeer(frames, name, identity);
    }

    /// <summary>
    /// Sends <paramref name="to"/> a message, signed by this peer, whose sealed sender and recipient
    /// fields say whatever the test likes; returns the server's answer.
    /// </summary>
    public async Task<SendResult> SendSealedAsAsync(string to, string sealedSender, string sealedRecipient, string text)
    {
        // The recipient checks the sender and recipient fields before it needs its own key, so any key will do here.
        var sealedBytes = MessageSealer.Seal(Identity, sealedSender, Identity.PublicKey, sealedRecipient, text, DateTimeOffset.UtcNow);
        var requestId = ++_nextRequestId;
        await _frames.SendAsync(new ClientFrame
        {
            Send = new SendMessage { RequestId = requestId, To = to, Sealed = ByteString.CopyFrom(sealedBytes) },
        });
        using var timeout = new CancellationTokenSource(Deadline.Default);
        while (await _frames.ReadAsync(ServerFrame.Parser, timeout.Token) is { } frame)
        {
            if (frame.BodyCase == ServerFrame.BodyOneofCase.SendResult && frame.SendResult.RequestId == requestId)
            {
                return frame.SendResult;
            }
        }

        throw new InvalidOperationException("the server closed the connection before answering");
    }

    public async ValueTask DisposeAsync()
    {
        await _frames.DisposeAsync();
        Identity.Dispose();
    }
}
