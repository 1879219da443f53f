using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Parley.Server.VideoRequests;

/// <summary>Registers what answers video requests on Parley connections (the library and the segment reader come from Parley.Media).</summary>
internal static class VideoRequestsServices
{
    public static IServiceCollection AddParleyVideoRequests(this IServiceCollection services)
    {
        services.TryAddSingleton(new LibraryLoadWait(LibraryLoadWait.DefaultLimit));
        services.AddSingleton<VideoResolver>();
        services.AddSingleton<VideoRequestHandler>();
        return services;
    }
}
