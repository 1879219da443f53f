namespace Parley.Media.Videos;

/// <summary>One rendition (one height) of a video, as probed with ffprobe.</summary>
/// <param name="Height">
/// Height in pixels, and the rendition's key within its video (on the wire and in HLS paths): the
/// probed height once probed; until then the height in the file name (NAME_&lt;height&gt;.mp4) or
/// the ladder rung. A file named for another height is listed under its real one (and a warning is
/// logged), so sizes, ordering and adaptation all follow what the file really is.
/// </param>
/// <param name="Width">Width in pixels, from the probe; 0 until probed.</param>
/// <param name="BitrateBps">Overall bitrate from the probe's format section, bits per second; 0 until probed.</param>
/// <param name="FrameRate">Frames per second of the video stream; 0 until probed.</param>
/// <param name="VideoCodec">ffprobe codec name, e.g. "h264"; empty until probed.</param>
/// <param name="AudioCodec">ffprobe codec name of the first audio stream, e.g. "aac"; null when there is none.</param>
/// <param name="Codecs">RFC 6381 codecs for the HLS CODECS attribute, e.g. "avc1.64001F,mp4a.40.2".</param>
/// <param name="State">This rendition's own state.</param>
/// <param name="Detail">"preparing 40%" or the unavailable reason; null when ready.</param>
public sealed record RenditionInfo(
    int Height,
    int Width,
    long BitrateBps,
    double FrameRate,
    string VideoCodec,
    string? AudioCodec,
    string Codecs,
    VideoState State,
    string? Detail);
