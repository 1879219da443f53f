namespace Parley.Protocol;

/// <summary>Fixed values of wire protocol version 3. docs/protocol.md explains each.</summary>
public static class ProtocolConstants
{
    public const uint Version = 3;

    /// <summary>The 4 bytes a client sends before its first frame: ASCII "PRLY".</summary>
    public static ReadOnlySpan<byte> Preamble => "PRLY"u8;

    public const int LengthPrefixBytes = 4;

    /// <summary>Default largest frame body a server accepts (1 MiB).</summary>
    public const int DefaultMaxFrameBytes = 1024 * 1024;

    /// <summary>The smallest <c>Welcome.max_frame_bytes</c> a client accepts (a login frame needs about that much).</summary>
    public const int MinAnnouncedFrameBytes = 1024;

    /// <summary>
    /// The most a client takes <c>Welcome.max_frame_bytes</c> to be: it never sends a frame larger than
    /// the largest it accepts from a server (16 MiB), whatever the server announces.
    /// </summary>
    public const int MaxAnnouncedFrameBytes = 16 * 1024 * 1024;

    public const int ChallengeBytes = 32;

    public const int DefaultPort = 7878;

    /// <summary>Peers per RosterPage frame.</summary>
    public const int RosterPageSize = 256;
}
