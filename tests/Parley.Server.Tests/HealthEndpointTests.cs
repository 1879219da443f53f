using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Parley.Server.Tests;

/// <summary>/healthz on the HTTP port: 200 "ok" while the server serves, 503 from the moment it begins to stop.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_answers_503_once_the_server_begins_to_stop()
    {
        var held = new HeldStopping();
        var server = await TestServer.StartAsync(o => o with { HttpPort = 0 }, services => services.AddSingleton<IHostedService>(held));
        try
        {
            var health = new Uri($"http://{server.Host.HttpEndpoint}/healthz");
            using var http = new HttpClient();
            using (var serving = await http.GetAsync(health))
            {
                Assert.Equal(HttpStatusCode.OK, serving.StatusCode);
                Assert.Equal("ok", await serving.Content.ReadAsStringAsync());
            }

            // Stopping begins; the test holds it before the listeners close, so /healthz can still be asked.
            var stopping = server.Host.DisposeAsync().AsTask();
            await held.Reached.Task.WaitAsync(Deadline.Default);
            using (var whileStopping = await http.GetAsync(health))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, whileStopping.StatusCode);
            }

            held.Release.SetResult();
            await stopping;
        }
        finally
        {
            held.Release.TrySetResult();
            await server.DisposeAsync();
        }
    }

    /// <summary>Holds the host in its "stopping" step (before any service stops) until released.</summary>
    private sealed class HeldStopping : IHostedLifecycleService
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            Reached.TrySetResult();
            await Release.Task;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
