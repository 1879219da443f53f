using Microsoft.Extensions.DependencyInjection;

namespace Parley.Server.VideoRequests;

/// <summary>Registers what answers video requests on Parley connections (the library and the segment reader come from Parley.Media).</summary>
internal static class VideoRequestsServices
{
    public static IServiceCollection AddParleyVideoRequests(this IServiceCollection services)
    {
        services.AddSingleton<VideoResolver>();
        services.AddSingleton<VideoRequestHandler>();
        return services;
    }
}
