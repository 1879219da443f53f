namespace Parley.Cli.Video;

/// <summary>The player (ffplay or mpv) exited with an error code; it has printed its own reason on stderr.</summary>
internal sealed class PlayerFailedException : Exception
{
    public PlayerFailedException()
    {
    }

    public PlayerFailedException(string message)
        : base(message)
    {
    }

    public PlayerFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
