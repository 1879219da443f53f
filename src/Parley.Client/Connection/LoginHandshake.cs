using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>Hello, Welcome, Login (signing the challenge), then LoginAccepted or the server's refusal.</summary>
internal static class LoginHandshake
{
    /// <exception cref="ParleyException">The server refused, closed, or broke the protocol.</exception>
    public static async Task<(Welcome Welcome, LoginAccepted Accepted)> RunAsync(
        FrameConnection connection,
        string name,
        Identity identity,
        bool presence,
        bool receiveQueued,
        string clientSoftware,
        CancellationToken ct)
    {
        await connection.SendPreambleAndAsync(
            new ClientFrame { Hello = new Hello { ProtocolVersion = ProtocolConstants.Version, ClientSoftware = clientSoftware } },
            ct).ConfigureAwait(false);

        var welcome = (await ExpectAsync(connection, ServerFrame.BodyOneofCase.Welcome, ct).ConfigureAwait(false)).Welcome;
        if (welcome.ProtocolVersion != ProtocolConstants.Version)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError,
                $"the server chose protocol version {welcome.ProtocolVersion}; this client speaks {ProtocolConstants.Version}");
        }

        CheckChallengeAndFrameLimit(welcome);
        if (welcome.MaxFrameBytes > 0)
        {
            connection.MaxOutgoingFrameBytes = (int)Math.Min(welcome.MaxFrameBytes, ProtocolConstants.MaxAnnouncedFrameBytes);
        }

        connection.Heartbeat = HeartbeatTimes.From(welcome);
        var spki = identity.PublicKey.Spki;
        await connection.SendAsync(
            new ClientFrame
            {
                Login = new Login
                {
                    Name = name,
                    PublicKey = ByteString.CopyFrom(spki),
                    Signature = ByteString.CopyFrom(identity.Sign(LoginTranscript.Build(welcome.Challenge.Span, connection.ChannelBinding, name, spki))),
                    Presence = presence,
                    ReceiveQueued = receiveQueued,
                },
            },
            ct).ConfigureAwait(false);

        var accepted = (await ExpectAsync(connection, ServerFrame.BodyOneofCase.LoginAccepted, ct).ConfigureAwait(false)).LoginAccepted;
        if (!Storage.IdentityName.TryParse(accepted.Name, out var registered, out _)
            || registered.UniquenessKey != Storage.IdentityName.Parse(name).UniquenessKey)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError,
                $"the server broke the protocol: it accepted the login of '{name}' as {QuotedField.Of(accepted.Name)}");
        }

        return (welcome, accepted);
    }

    /// <summary>A server is not trusted with what it announces: a short challenge or an absurd frame limit is refused.</summary>
    private static void CheckChallengeAndFrameLimit(Welcome welcome)
    {
        if (welcome.Challenge.Length != ProtocolConstants.ChallengeBytes)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError,
                $"the server's login challenge is {welcome.Challenge.Length} bytes, not {ProtocolConstants.ChallengeBytes}");
        }

        if (welcome.MaxFrameBytes is > 0 and < ProtocolConstants.MinAnnouncedFrameBytes)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError,
                $"the server announced a frame limit of {welcome.MaxFrameBytes} bytes, below the protocol's minimum of {ProtocolConstants.MinAnnouncedFrameBytes}");
        }
    }

    private static async Task<ServerFrame> ExpectAsync(FrameConnection connection, ServerFrame.BodyOneofCase expected, CancellationToken ct)
    {
        ServerFrame? frame;
        try
        {
            frame = await connection.ReadFrameAsync(ct).ConfigureAwait(false);
        }
        catch (ProtocolViolationException ex)
        {
            throw new ParleyException(ParleyErrorKind.ProtocolError, ex.Message, ex);
        }
        catch (IOException ex)
        {
            throw new ParleyException(ParleyErrorKind.ConnectionFailed, "the connection failed during login: " + ex.Message, ex);
        }

        if (frame is null)
        {
            throw new ParleyException(ParleyErrorKind.ConnectionFailed, "the server closed the connection during login");
        }

        if (frame.BodyCase == ServerFrame.BodyOneofCase.Error)
        {
            throw ServerErrors.ToException(frame.Error);
        }

        return frame.BodyCase == expected
            ? frame
            : throw new ParleyException(ParleyErrorKind.ProtocolError, $"expected {expected} from the server during login, got {frame.BodyCase}");
    }
}
