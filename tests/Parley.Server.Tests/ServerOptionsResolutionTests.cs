using Parley.Server.Tests.Support;

namespace Parley.Server.Tests;

// Environment variables are process-wide: every test that touches PARLEY_* lives in this one class,
// whose tests xunit runs one at a time, and apart from every other class.
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ServerOptionsResolutionTests : IDisposable
{
    private static readonly string[] s_variables =
        ["PARLEY_HOST", "PARLEY_PORT", "PARLEY_DATA", "PARLEY_VIDEOS", "PARLEY_MAXFRAMEBYTES", "PARLEY_LOGINTIMEOUTSECONDS", "PARLEY_HTTPPORT",
            "PARLEY_LOGINVERIFICATIONWORKERS", "PARLEY_LOGINVERIFICATIONQUEUE",
            "PARLEY_OUTBOUNDQUEUEBYTES", "PARLEY_OUTBOUNDQUEUETOTALBYTES", "PARLEY_WRITEDEADLINESECONDS"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-options-" + Guid.NewGuid().ToString("N"));

    public ServerOptionsResolutionTests()
    {
        Directory.CreateDirectory(_directory);
        ClearVariables();
    }

    [Fact]
    public void Without_settings_the_defaults_apply()
    {
        var options = ParleyServerOptions.Resolve(new Dictionary<string, string?>(), _directory);

        Assert.Equal(new ParleyServerOptions(), options);
        Assert.Equal(("127.0.0.1", 7878, "data", "Available_videos"), (options.Host, options.Port, options.DataDirectory, options.VideosDirectory));
        Assert.Equal(1024 * 1024, options.MaxFrameBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), options.LoginTimeout);
        Assert.Equal((Math.Max(1, Environment.ProcessorCount - 1), 64), (options.LoginVerificationWorkers, options.LoginVerificationQueue));
    }

    [Fact]
    public void The_login_verification_pool_is_set_like_any_other_limit()
    {
        Environment.SetEnvironmentVariable("PARLEY_LOGINVERIFICATIONQUEUE", "0");

        var options = ParleyServerOptions.Resolve(new Dictionary<string, string?> { ["LoginVerificationWorkers"] = "3" }, _directory);

        Assert.Equal((3, 0), (options.LoginVerificationWorkers, options.LoginVerificationQueue));
    }

    [Fact]
    public void The_outbound_queue_budgets_and_write_deadline_have_defaults_and_are_set_like_any_other_limit()
    {
        var defaults = ParleyServerOptions.Resolve(new Dictionary<string, string?>(), _directory);
        var bigFrames = ParleyServerOptions.Resolve(new Dictionary<string, string?> { ["MaxFrameBytes"] = "4194304" }, _directory);
        Environment.SetEnvironmentVariable("PARLEY_OUTBOUNDQUEUETOTALBYTES", "5000000000");
        Environment.SetEnvironmentVariable("PARLEY_WRITEDEADLINESECONDS", "2.5");

        var given = ParleyServerOptions.Resolve(new Dictionary<string, string?> { ["OutboundQueueBytes"] = "1048576" }, _directory);

        Assert.Equal(2 * 1024 * 1024, defaults.OutboundQueueBytes);
        Assert.InRange(defaults.OutboundQueueTotalBytes, 64L * 1024 * 1024, 256L * 1024 * 1024);
        Assert.Equal(TimeSpan.FromSeconds(20), defaults.WriteDeadline);
        Assert.Equal(8 * 1024 * 1024, bigFrames.OutboundQueueBytes);
        Assert.Equal((1024 * 1024, 5_000_000_000L, TimeSpan.FromSeconds(2.5)), (given.OutboundQueueBytes, given.OutboundQueueTotalBytes, given.WriteDeadline));
    }

    [Fact]
    public void Overrides_beat_environment_which_beats_appsettings()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """
            { "Parley": { "Host": "0.0.0.0", "Port": "1111", "Data": "from-file", "Videos": "videos-from-file", "MaxFrameBytes": "4096" } }
            """);
        Environment.SetEnvironmentVariable("PARLEY_PORT", "2222");
        Environment.SetEnvironmentVariable("PARLEY_DATA", "from-env");
        Environment.SetEnvironmentVariable("PARLEY_LOGINTIMEOUTSECONDS", "2.5");

        var options = ParleyServerOptions.Resolve(new Dictionary<string, string?> { ["Data"] = "from-override", ["Host"] = null }, _directory);

        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(2222, options.Port);
        Assert.Equal("from-override", options.DataDirectory);
        Assert.Equal("videos-from-file", options.VideosDirectory);
        Assert.Equal(4096, options.MaxFrameBytes);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.LoginTimeout);
    }

    [Theory]
    [InlineData("4567", null, 4567, 8080)]
    [InlineData("0", null, 0, 0)]
    [InlineData("4567", "-1", 4567, -1)]
    [InlineData("4567", "0", 4567, 0)]
    public void An_explicit_port_is_kept_and_the_http_port_is_8080_unless_given_or_the_port_is_0(
        string port, string? httpPort, int expectedPort, int expectedHttpPort)
    {
        var options = ParleyServerOptions.Resolve(new Dictionary<string, string?> { ["Port"] = port, ["HttpPort"] = httpPort }, _directory);

        Assert.Equal((expectedPort, expectedHttpPort), (options.Port, options.HttpPort));
    }

    [Theory]
    [InlineData("Port", "70000")]
    [InlineData("Port", "seven")]
    [InlineData("MaxFrameBytes", "0")]
    [InlineData("LoginTimeoutSeconds", "-1")]
    [InlineData("LoginVerificationWorkers", "0")]
    [InlineData("LoginVerificationQueue", "-1")]
    [InlineData("OutboundQueueTotalBytes", "1000")]
    [InlineData("OutboundQueueTotalBytes", "lots")]
    [InlineData("OutboundQueueTotalBytes", "1048576")]
    [InlineData("WriteDeadlineSeconds", "0")]
    public void An_unusable_value_is_refused_with_its_name(string key, string value)
    {
        var error = Assert.Throws<ArgumentException>(
            () => ParleyServerOptions.Resolve(new Dictionary<string, string?> { [key] = value }, _directory));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        ClearVariables();
        Directory.Delete(_directory, recursive: true);
    }

    private static void ClearVariables()
    {
        foreach (var variable in s_variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
