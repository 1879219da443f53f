using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Tests;

/// <summary>
/// The line a server logs when it starts reads as English whatever it was started with, and its
/// structured properties hold values, not prose.
/// </summary>
public sealed class StartupLogTests
{
    [Fact]
    public async Task With_http_off_the_start_line_says_http_is_off()
    {
        var log = new RecordingLogProvider();
        await using var server = await TestServer.StartAsync(o => o with { HttpPort = -1 }, s => s.AddSingleton<ILoggerProvider>(log));

        var line = Assert.Single(log.Lines, l => l.StartsWith("Parley server listening on ", StringComparison.Ordinal));

        Assert.Contains($"listening on {server.Endpoint}, HTTP (HLS) off (data in ", line, StringComparison.Ordinal);
        Assert.EndsWith(", 0 registered names)", line, StringComparison.Ordinal);
        Assert.False(log.PropertiesOf("Parley server listening on ").ContainsKey("HttpEndpoint"));
    }

    [Fact]
    public async Task With_http_on_the_start_line_gives_its_address_and_one_registered_name_is_singular()
    {
        var root = Path.Combine(Path.GetTempPath(), "parley-startup-log-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await TestServer.StartInAsync(root, null, ownsDirectory: false))
            {
                await using var client = await RawClient.LoginAsync(first.Endpoint, "alice", TestIdentities.First);
            }

            var log = new RecordingLogProvider();
            await using var server = await TestServer.StartInAsync(root, o => o with { HttpPort = 0 }, ownsDirectory: false, s => s.AddSingleton<ILoggerProvider>(log));
            var line = Assert.Single(log.Lines, l => l.StartsWith("Parley server listening on ", StringComparison.Ordinal));

            Assert.Contains($", HTTP (HLS) on {server.Host.HttpEndpoint} (data in ", line, StringComparison.Ordinal);
            Assert.EndsWith(", 1 registered name)", line, StringComparison.Ordinal);
            Assert.Equal(server.Host.HttpEndpoint, log.PropertiesOf("Parley server listening on ")["HttpEndpoint"]);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
