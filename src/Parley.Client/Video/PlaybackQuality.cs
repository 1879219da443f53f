namespace Parley.Client;

/// <summary>How <see cref="ParleyClient.PlayVideoAsync"/> chooses a rendition for each segment.</summary>
public enum PlaybackQuality
{
    /// <summary>Adaptive: start at the lowest rendition, follow the measured throughput.</summary>
    Auto,

    /// <summary>First third of the segments from the lowest rendition, middle third from the middle one, last third from the highest.</summary>
    Thirds,

    /// <summary>One rendition, given by <see cref="PlaybackRequest.Height"/>.</summary>
    Fixed,
}
