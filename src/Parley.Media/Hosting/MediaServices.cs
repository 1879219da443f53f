using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Media.Library;
using Parley.Media.Segments;

namespace Parley.Media.Hosting;

/// <summary>Registers the video library (a hosted service that scans and packages) and the shared segment reader.</summary>
internal static class MediaServices
{
    public static IServiceCollection AddParleyMedia(this IServiceCollection services, MediaOptions options, SegmentReaderOptions? segments = null)
    {
        services.AddSingleton(options);
        services.AddSingleton<MediaMetrics>(); // needs an IMeterFactory: the host's AddMetrics()
        services.AddSingleton<VideoLibrary>();
        services.AddSingleton<IVideoLibrary>(provider => provider.GetRequiredService<VideoLibrary>());
        services.AddHostedService(provider => provider.GetRequiredService<VideoLibrary>());
        services.AddSingleton(_ => new SegmentReader(segments ?? new SegmentReaderOptions()));
        return services;
    }
}
