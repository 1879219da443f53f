namespace Parley.Client;

/// <summary>The server refused one video request; the connection stays usable.</summary>
public sealed class VideoException : Exception
{
    public VideoException()
        : this(VideoError.Other, "video request failed")
    {
    }

    public VideoException(string message)
        : this(VideoError.Other, message)
    {
    }

    public VideoException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = VideoError.Other;
    }

    public VideoException(VideoError error, string message)
        : base(message)
    {
        Error = error;
    }

    public VideoException(VideoError error, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
    }

    public VideoError Error { get; }
}
