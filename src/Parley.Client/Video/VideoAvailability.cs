namespace Parley.Client;

/// <summary>Whether a video or one of its renditions can be played.</summary>
public enum VideoAvailability
{
    Ready,
    Preparing,
    Unavailable,
}
