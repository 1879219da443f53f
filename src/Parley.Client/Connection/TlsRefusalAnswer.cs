using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// What answered a TLS handshake that failed, judged from the first bytes the server sent: a Parley server in plain
/// TCP (started with --insecure: it answers the ClientHello with a plaintext fatal error frame), an HTTP server,
/// nothing at all (closed before TLS, as a Parley server does to connections over its limits when it refuses many at
/// once), or anything else.
/// </summary>
internal enum TlsFailureAnswer
{
    Other,
    Nothing,
    Http,
    PlainParley,
}

internal static class TlsRefusalAnswer
{
    /// <summary>A plaintext server error is short; a longer length prefix is not one.</summary>
    public const int MaxPlainErrorFrameBytes = 4096;

    public static TlsFailureAnswer Classify(ReadOnlySpan<byte> first)
    {
        if (first.IsEmpty)
        {
            return TlsFailureAnswer.Nothing;
        }

        if (first.StartsWith("HTTP"u8))
        {
            return TlsFailureAnswer.Http;
        }

        return first.StartsWith(ProtocolConstants.Preamble) || IsPlainErrorFrame(first) ? TlsFailureAnswer.PlainParley : TlsFailureAnswer.Other;
    }

    /// <summary>How many bytes of <paramref name="first"/> a whole plain error frame would take; 0 when it cannot be one.</summary>
    public static int FrameLengthOf(ReadOnlySpan<byte> first)
    {
        if (first.Length < ProtocolConstants.LengthPrefixBytes || first[0] != 0)
        {
            return 0;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(first);
        return length is > 0 and <= MaxPlainErrorFrameBytes ? ProtocolConstants.LengthPrefixBytes + (int)length : 0;
    }

    // A whole frame whose body is a ServerFrame carrying an Error: what a plaintext Parley server says to a ClientHello.
    private static bool IsPlainErrorFrame(ReadOnlySpan<byte> first)
    {
        var whole = FrameLengthOf(first);
        if (whole == 0 || first.Length < whole)
        {
            return false;
        }

        try
        {
            var frame = ServerFrame.Parser.ParseFrom(first[ProtocolConstants.LengthPrefixBytes..whole]);
            return frame.BodyCase == ServerFrame.BodyOneofCase.Error;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
