using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Media.Library;
using Parley.Media.Videos;

namespace Parley.Video.Tests;

/// <summary>A started <see cref="VideoLibrary"/> over a temp videos folder and media cache.</summary>
internal sealed class LibraryHarness : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private int _disposed;

    private LibraryHarness(VideoLibrary library, MediaOptions options)
    {
        Library = library;
        Options = options;
    }

    public VideoLibrary Library { get; }

    public MediaOptions Options { get; }

    public static async Task<LibraryHarness> StartAsync(
        string videos,
        string media,
        bool generateSamples = false,
        string ffmpeg = "ffmpeg",
        TimeSpan? sampleDuration = null,
        ILogger<VideoLibrary>? logger = null)
    {
        var options = new MediaOptions
        {
            VideosDirectory = videos,
            MediaCacheDirectory = media,
            GenerateSampleVideos = generateSamples,
            FfmpegPath = ffmpeg,
        };
        var library = new VideoLibrary(options, logger ?? NullLogger<VideoLibrary>.Instance)
        {
            SampleDuration = sampleDuration ?? TimeSpan.FromSeconds(12),
        };
        await library.StartAsync(CancellationToken.None);
        return new LibraryHarness(library, options);
    }

    public async Task IdleAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await Library.WhenIdle(timeout.Token);
    }

    /// <summary>Waits (up to the deadline) until <paramref name="condition"/> holds for the library.</summary>
    public async Task UntilAsync(Func<IVideoLibrary, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var changed = new SemaphoreSlim(0);
        void OnChanged() => changed.Release();
        Library.Changed += OnChanged;
        try
        {
            while (!condition(Library))
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
        }
        finally
        {
            Library.Changed -= OnChanged;
        }
    }

    public VideoEntry Video(string name) =>
        Library.TryGetVideo(name, out var video) ? video : throw new Xunit.Sdk.XunitException($"no video '{name}'; have {string.Join(", ", Library.List().Select(v => v.Name))}");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Library.StopAsync(CancellationToken.None);
        Library.Dispose();
    }
}
