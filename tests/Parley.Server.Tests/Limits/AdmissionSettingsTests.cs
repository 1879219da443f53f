using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Limits;

// PARLEY_* variables are process-wide: this class runs apart from every other, like ServerOptionsResolutionTests.
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class AdmissionSettingsTests : IDisposable
{
    private static readonly string[] s_variables =
    [
        "PARLEY_IDLETIMEOUTSECONDS", "PARLEY_MAXNAMESPERKEY", "PARLEY_LIMITLOOPBACKADDRESSES", "PARLEY_DELIVERYBYTESPERSECOND",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("parley-admission-settings-").FullName;

    public AdmissionSettingsTests() => ClearVariables();

    [Fact]
    public void Without_settings_the_documented_defaults_apply()
    {
        var o = ParleyServerOptions.Resolve(new Dictionary<string, string?>(), _directory);

        Assert.Equal(4096, o.MaxLoginFrameBytes);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)), (o.FrameTimeout, o.HeartbeatInterval, o.IdleTimeout));
        Assert.Equal((10_000, 64, 16), (o.MaxConnections, o.MaxConnectionsPerAddress, o.MaxConnectionsPerName));
        Assert.False(o.LimitLoopbackAddresses);
        Assert.Equal((120, 60, 1000), (o.ConnectionsPerAddressPerMinute, o.LoginsPerAddressPerMinute, o.RequestsPerSecond));
        Assert.Equal(50, o.RefusalHandshakesPerSecond);
        Assert.Equal((10, 1000, 5), (o.RegistrationsPerAddressPerHour, o.RegistrationsPerHour, o.MaxNamesPerKey));
        Assert.Equal((32 * 1024 * 1024, 16 * 1024 * 1024), (o.DeliveryBytesPerSecond, o.DeliveryBurstBytes));
    }

    [Fact]
    public void Every_key_is_bound_from_overrides()
    {
        var o = ParleyServerOptions.Resolve(
            new Dictionary<string, string?>
            {
                ["MaxLoginFrameBytes"] = "8192",
                ["FrameTimeoutSeconds"] = "5",
                ["HeartbeatIntervalSeconds"] = "10",
                ["IdleTimeoutSeconds"] = "25",
                ["MaxConnections"] = "500",
                ["MaxConnectionsPerAddress"] = "7",
                ["MaxConnectionsPerName"] = "3",
                ["LimitLoopbackAddresses"] = "true",
                ["ConnectionsPerAddressPerMinute"] = "11",
                ["RefusalHandshakesPerSecond"] = "15",
                ["LoginsPerAddressPerMinute"] = "12",
                ["RequestsPerSecond"] = "0",
                ["RegistrationsPerAddressPerHour"] = "13",
                ["RegistrationsPerHour"] = "14",
                ["MaxNamesPerKey"] = "2",
                ["DeliveryBytesPerSecond"] = "0",
                ["DeliveryBurstBytes"] = "65536",
            },
            _directory);

        Assert.Equal(8192, o.MaxLoginFrameBytes);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25)), (o.FrameTimeout, o.HeartbeatInterval, o.IdleTimeout));
        Assert.Equal((500, 7, 3), (o.MaxConnections, o.MaxConnectionsPerAddress, o.MaxConnectionsPerName));
        Assert.True(o.LimitLoopbackAddresses);
        Assert.Equal((11, 12, 0), (o.ConnectionsPerAddressPerMinute, o.LoginsPerAddressPerMinute, o.RequestsPerSecond));
        Assert.Equal(15, o.RefusalHandshakesPerSecond);
        Assert.Equal((13, 14, 2), (o.RegistrationsPerAddressPerHour, o.RegistrationsPerHour, o.MaxNamesPerKey));
        Assert.Equal((0, 65536), (o.DeliveryBytesPerSecond, o.DeliveryBurstBytes));
    }

    [Fact]
    public void The_keys_come_from_environment_variables_and_appsettings_too()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "Parley": { "MaxConnectionsPerName": "4", "MaxNamesPerKey": "9" } }""");
        Environment.SetEnvironmentVariable("PARLEY_IDLETIMEOUTSECONDS", "120");
        Environment.SetEnvironmentVariable("PARLEY_MAXNAMESPERKEY", "3");
        Environment.SetEnvironmentVariable("PARLEY_LIMITLOOPBACKADDRESSES", "true");
        Environment.SetEnvironmentVariable("PARLEY_DELIVERYBYTESPERSECOND", "1048576");

        var o = ParleyServerOptions.Resolve(new Dictionary<string, string?>(), _directory);

        Assert.Equal((TimeSpan.FromSeconds(120), 4, 3, true), (o.IdleTimeout, o.MaxConnectionsPerName, o.MaxNamesPerKey, o.LimitLoopbackAddresses));
        Assert.Equal(1048576, o.DeliveryBytesPerSecond);
    }

    [Theory]
    [InlineData("MaxLoginFrameBytes", "1000")]
    [InlineData("MaxLoginFrameBytes", "100000")]
    [InlineData("FrameTimeoutSeconds", "0")]
    [InlineData("HeartbeatIntervalSeconds", "-1")]
    [InlineData("IdleTimeoutSeconds", "never")]
    [InlineData("MaxConnections", "0")]
    [InlineData("MaxConnectionsPerAddress", "0")]
    [InlineData("MaxConnectionsPerName", "-3")]
    [InlineData("LimitLoopbackAddresses", "maybe")]
    [InlineData("ConnectionsPerAddressPerMinute", "-1")]
    [InlineData("RefusalHandshakesPerSecond", "-1")]
    [InlineData("LoginsPerAddressPerMinute", "lots")]
    [InlineData("RequestsPerSecond", "-1")]
    [InlineData("RegistrationsPerAddressPerHour", "-1")]
    [InlineData("RegistrationsPerHour", "99999999999")]
    [InlineData("MaxNamesPerKey", "0")]
    [InlineData("DeliveryBytesPerSecond", "-1")]
    [InlineData("DeliveryBytesPerSecond", "3000000000")]
    [InlineData("DeliveryBurstBytes", "0")]
    public void A_value_out_of_range_is_refused_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ParleyServerOptions.Resolve(new Dictionary<string, string?> { [key] = value }, _directory));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HeartbeatIntervalSeconds", "60", "IdleTimeout")]
    [InlineData("HeartbeatIntervalSeconds", "0.5", "HeartbeatInterval")]
    [InlineData("MaxFrameBytes", "2048", "MaxLoginFrameBytes")]
    public void Values_that_disagree_with_each_other_are_refused(string key, string value, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => ParleyServerOptions.Resolve(new Dictionary<string, string?> { [key] = value }, _directory));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        ClearVariables();
        TempDir.DeleteQuietly(_directory);
    }

    private static void ClearVariables()
    {
        foreach (var variable in s_variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
