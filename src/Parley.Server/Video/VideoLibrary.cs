using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;

namespace Parley.Server.Video;

/// <summary>The library: watches the videos folder and keeps every video probed and packaged.</summary>
internal sealed class VideoLibrary : IVideoLibrary, IHostedService
{
    public event Action? Changed;

    public IReadOnlyList<VideoEntry> List() => [];

    public bool TryGetVideo(string name, [NotNullWhen(true)] out VideoEntry? video)
    {
        video = null;
        return false;
    }

    public bool TryGetRendition(string name, int height, [NotNullWhen(true)] out PackagedRendition? rendition)
    {
        rendition = null;
        return false;
    }

    public Task WhenIdle(CancellationToken ct) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Changed?.Invoke();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
