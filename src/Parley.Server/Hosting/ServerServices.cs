using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Parley.Media.Hosting;
using Parley.Media.Library;
using Parley.Server.Authentication;
using Parley.Server.Dispatch;
using Parley.Server.Http;
using Parley.Server.Limits;
using Parley.Server.Metrics;
using Parley.Server.OfflineQueue;
using Parley.Server.Prekeys;
using Parley.Server.Presence;
using Parley.Server.Registry;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Server.Transports.Tcp;
using Parley.Server.VideoRequests;

namespace Parley.Server.Hosting;

/// <summary>The server's composition: every layer's services, bottom up, with today's in-process implementations.</summary>
internal static class ServerServices
{
    public static IServiceCollection AddParleyServer(this IServiceCollection services, ParleyServerOptions options, NameRegistry registry)
    {
        services.AddSingleton<IValidateOptions<ParleyServerOptions>, ParleyServerOptionsValidator>();
        services.AddOptions<ParleyServerOptions>().ValidateOnStart();
        services.AddSingleton<IOptionsFactory<ParleyServerOptions>>(provider => ActivatorUtilities.CreateInstance<GivenOptionsFactory>(provider, options));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ParleyServerOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);

        services.AddMetrics();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<AdmissionLimits>();
        services.AddSingleton(registry);
        services.AddSingleton<OutboundQueues>();
        services.AddSingleton<IPresence, Roster>();
        services.AddSingleton<OfflineMessageQueue>();
        services.AddSingleton<IMessageRouter, InProcessMessageRouter>();
        services.AddSingleton(_ => PrekeyStore.Open(options.DataDirectory));
        services.AddSingleton<OneTimePrekeyRationing>();
        services.AddSingleton<PrekeyDirectory>();
        services.AddSingleton<LoginVerifier>();
        services.AddSingleton<Handshake>();

        services.AddParleyMedia(new MediaOptions
        {
            VideosDirectory = options.VideosDirectory,
            MediaCacheDirectory = options.MediaCacheDirectory,
            GenerateSampleVideos = options.GenerateSampleVideos,
            FfmpegPath = options.FfmpegPath,
            FfprobePath = options.FfprobePath,
        });
        services.AddParleyVideoRequests();
        services.AddParleyHls();
        services.AddParleyOperations();

        services.AddSingleton<FrameDispatcher>();
        services.AddSingleton<ConnectionSweep>();
        services.AddSingleton<ConnectionReader>();
        services.AddSingleton<AdmissionBeforeTls>();
        services.AddSingleton<TcpConnectionHandler>();
        return services;
    }
}
