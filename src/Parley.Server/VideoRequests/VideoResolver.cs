using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Parley.Media.Library;
using Parley.Media.Videos;
using Parley.Protocol.Messages;

namespace Parley.Server.VideoRequests;

/// <summary>
/// The one way from a client-supplied video name (and height) to files: names are checked with
/// <see cref="VideoNames.IsValid"/> and resolved only through the <see cref="IVideoLibrary"/>,
/// so no request can name a path of its own. Until the library's first load (<see cref="IVideoLibrary.IsLoaded"/>)
/// a video it does not know, or a rendition not ready yet, is SERVER_BUSY rather than unknown: it may not be scanned yet.
/// </summary>
internal sealed class VideoResolver(IVideoLibrary library)
{
    public const string StillLoading = "the server started a moment ago and is still scanning its videos; ask again shortly";

    private const int EchoedNameLength = 40;

    public IVideoLibrary Library => library;

    public bool TryFindVideo(string name, [NotNullWhen(true)] out VideoEntry? video, out ErrorCode code, out string message)
    {
        video = null;
        if (!VideoNames.IsValid(name))
        {
            code = ErrorCode.InvalidVideoName;
            message = $"'{Echo(name)}' is not a valid video name: ASCII letters, digits, '.', '_' and '-' only, no \"..\"";
            return false;
        }

        if (!library.TryGetVideo(name, out video))
        {
            (code, message) = library.IsLoaded ? (ErrorCode.UnknownVideo, $"no video named '{name}'") : (ErrorCode.ServerBusy, StillLoading);
            return false;
        }

        code = ErrorCode.Ok;
        message = string.Empty;
        return true;
    }

    public bool TryFindRendition(
        string name,
        int height,
        [NotNullWhen(true)] out PackagedRendition? rendition,
        out ErrorCode code,
        out string message)
    {
        rendition = null;
        if (!TryFindVideo(name, out var video, out code, out message))
        {
            return false;
        }

        if (library.TryGetRendition(video.Name, height, out rendition))
        {
            return true;
        }

        if (!library.IsLoaded)
        {
            (code, message) = (ErrorCode.ServerBusy, StillLoading);
            return false;
        }

        code = ErrorCode.RenditionUnavailable;
        var own = video.Renditions.FirstOrDefault(r => r.Height == height);
        var ready = ReadyHeights(video);
        message = own is null
            ? $"'{video.Name}' has no {height}p rendition; {ready}"
            : $"the {height}p rendition of '{video.Name}' is {own.Detail ?? own.State.ToString().ToLowerInvariant()}; {ready}";
        return false;
    }

    public static string ReadyHeights(VideoEntry video)
    {
        var ready = video.Renditions.Where(r => r.State == Parley.Media.Videos.VideoState.Ready).Select(r => r.Height.ToString(CultureInfo.InvariantCulture) + "p").ToList();
        return ready.Count == 0 ? "none is ready yet" : "ready: " + string.Join(", ", ready);
    }

    private static string Echo(string name)
    {
        var printable = new string(name.Where(c => !char.IsControl(c)).Take(EchoedNameLength).ToArray());
        return printable.Length < name.Length ? printable + "…" : printable;
    }
}
