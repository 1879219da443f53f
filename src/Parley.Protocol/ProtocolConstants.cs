namespace Parley.Protocol;

/// <summary>Fixed values of wire protocol version 1. docs/protocol.md explains each.</summary>
public static class ProtocolConstants
{
    public const uint Version = 1;

    /// <summary>The 4 bytes a client sends before its first frame: ASCII "PRLY".</summary>
    public static ReadOnlySpan<byte> Preamble => "PRLY"u8;

    public const int LengthPrefixBytes = 4;

    /// <summary>Default largest frame body a server accepts (1 MiB).</summary>
    public const int DefaultMaxFrameBytes = 1024 * 1024;

    public const int ChallengeBytes = 32;

    public const int DefaultPort = 7878;

    /// <summary>Peers per RosterPage frame.</summary>
    public const int RosterPageSize = 256;
}
