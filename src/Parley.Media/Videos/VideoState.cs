namespace Parley.Media.Videos;

/// <summary>Whether a video or rendition can be played.</summary>
public enum VideoState
{
    /// <summary>Packaged; segments can be served.</summary>
    Ready,

    /// <summary>Being probed, packaged or transcoded; see the detail and percent.</summary>
    Preparing,

    /// <summary>Cannot be played; the detail says why (e.g. "ffmpeg not found", a probe error).</summary>
    Unavailable,
}
