using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Server.Registry;
using Prometheus;

namespace Parley.Server.Http;

/// <summary>
/// What an operator's tools ask the HTTP port: <c>/healthz</c> (200 "ok" while the server serves, 503 once it is
/// stopping or its registry fails) and <c>/metrics</c> (the Prometheus text format).
/// </summary>
internal static class OperationsEndpoints
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";

    public static void AddParleyOperations(this IServiceCollection services)
    {
        services.AddSingleton<MetricsExport>();
        services.AddSingleton<HealthState>();
    }

    public static void MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapGet(HealthPath, Health);
        app.MapMetrics(MetricsPath, app.ServiceProvider.GetRequiredService<MetricsExport>().Registry);
    }

    private static IResult Health(HealthState state, IHostApplicationLifetime lifetime, NameRegistry registry, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (state.IsStopping || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Results.Text("shutting down\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return registry.IsUsable()
            ? Results.Text("ok")
            : Results.Text("registry unavailable\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
